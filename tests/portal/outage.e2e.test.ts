import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { startTestServer, type TestServer } from '../support/test-server';
import { freePort } from '../support/throwaway-postgres';
import { connectionStatus, launchChromium, newPortalContext, signIn } from './browser';

/** The portal through a server outage: nothing goes blank, and everything recovers by itself once the server is back. */
describe('the portal through an outage, in a real browser', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'staffsync-outage-'));
  let env: Record<string, string>;
  let server: TestServer;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    env = { DATA_DIR: dataDir, PORT: String(await freePort()) };
    [server, browser] = await Promise.all([startTestServer(engines[0]!, { env }), launchChromium()]);
    // Without the service worker, which precaches every page's code: the page that cannot load is the
    // first visit's case (offline-start.e2e.test.ts covers the portal with it).
    admin = await signIn(browser, server.url, demoAccounts.admin, demoPassword, await newPortalContext(browser, { serviceWorkers: 'block' }));
    admin.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Stops the server, runs `whileDown`, starts it again on the same data and port; Live must follow within 2 s. */
  async function outage(whileDown: () => Promise<void>): Promise<void> {
    await server.stop();
    await connectionStatus(admin, /^(Reconnecting|Offline)/);
    await whileDown();
    server = await startTestServer(engines[0]!, { env });
    await connectionStatus(admin, 'Live', 2_000);
  }

  it('names every page in the title, and says so for an address the portal does not have', async () => {
    expect(await admin.title()).toBe('Dashboard · StaffSync');
    await admin.goto(`${server.url}/no-such-page`);
    await admin.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await admin.title()).toBe('Page not found · StaffSync');
    await admin.getByRole('link', { name: 'Go to the dashboard' }).click();
    await admin.waitForURL(`${server.url}/`);
    expect(await admin.title()).toBe('Dashboard · StaffSync');
  });

  it('shows why a page not loaded yet cannot open while the server is down, and opens it once it is back', async () => {
    await connectionStatus(admin, 'Live');
    await outage(async () => {
      await admin.getByRole('link', { name: 'Mileage' }).click();
      await admin.getByRole('alert').filter({ hasText: 'This page could not be loaded' }).waitFor();
      // The shell stays: header and navigation, not a white page.
      await admin.getByRole('link', { name: 'Receipts' }).waitFor();
      await admin.getByRole('button', { name: 'Sign out' }).waitFor();
    });
    await admin.getByRole('heading', { name: 'Mileage', level: 1 }).waitFor({ timeout: 5_000 });
    expect(await admin.title()).toBe('Mileage · StaffSync');
  });

  it('loads a list that failed during the outage again once Live, without a click, and the badge counts down meanwhile', async () => {
    await admin.getByRole('link', { name: 'Employees' }).click();
    await admin.getByRole('heading', { name: 'Employees', level: 1 }).waitFor();
    await admin.getByRole('cell', { name: 'Jordan Lee', exact: true }).waitFor();
    await outage(async () => {
      await admin.getByLabel('Search').fill('jordan');
      await admin.getByRole('alert').filter({ hasText: 'Could not load employees. The server could not be reached.' }).waitFor();
      expect(await admin.getByText(/Failed to fetch|\[Network\]/).count()).toBe(0);
      await connectionStatus(admin, /^Reconnecting in \d+ s$/);
    });
    await admin.getByRole('cell', { name: 'jordan@staffsync.example', exact: true }).waitFor({ timeout: 2_000 });
    expect(await admin.getByRole('alert').filter({ hasText: 'Could not load' }).count()).toBe(0);
  });
});
