import { existsSync } from 'node:fs';
import dayjs from 'dayjs';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { reviewClient } from '../support/review';
import { startTestServer, type TestServer } from '../support/test-server';
import { launchChromium, open, signIn, unique } from './browser';

const portalBuild = new URL('../../web/dist/index.html', import.meta.url).pathname;
const today = dayjs().format('YYYY-MM-DD');

/**
 * Holds the server's answer to the first `operationName` query the page sends: `read` settles once the
 * server has answered it (its data is read), and the page gets the answer when `release` is called.
 */
async function holdFirstAnswer(page: Page, operationName: string) {
  let answered: () => void = () => {};
  let release: () => void = () => {};
  const read = new Promise<void>((resolve) => (answered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  // Queries go by GET, named in their address.
  await page.route((url) => url.pathname === '/graphql' && url.searchParams.get('operationName') === operationName, async (route: Route) => {
    if (held) return route.fallback();
    held = true;
    const response = await route.fetch();
    answered();
    await released;
    await route.fulfill({ response });
  });
  return { read, release };
}

describe('live changes made while a list is loading, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let employee: Page;
  let api: ReturnType<typeof reviewClient>;
  let field: string;

  beforeAll(async () => {
    if (!existsSync(portalBuild)) throw new Error('The portal is not built: run `npm run build:web` first (npm test does).');
    [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
    api = reviewClient(server);
    field = (await demoIds(server.app.services.db)).field;
    employee = await signIn(browser, server.url, demoAccounts.employee, demoPassword);
    employee.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a trip created and a trip changed after the list was read, once its older answer arrives', async () => {
    const trip = (endLocation: string) => ({ costCenterId: field, date: today, startLocation: 'Depot', endLocation, miles: 42, purpose: 'Client visit' });
    const row = (text: string) => employee.locator('tr[data-row-id]').filter({ hasText: text });
    const before = unique('Harbor');
    const changed = await api.create('employee', 'MileageEntry', trip(before));

    const answer = await holdFirstAnswer(employee, 'MileagePage_List');
    await open(employee, 'Mileage');
    await answer.read;
    // Made through the API after the server read the list: its answer, still held, has neither change.
    const renamed = unique('Airport');
    const added = unique('Station');
    await api.update('employee', 'MileageEntry', changed.id, changed.version, { endLocation: renamed });
    await api.create('employee', 'MileageEntry', trip(added));
    // The tab's socket has delivered both (each makes a toast) before the list's answer is let through.
    await employee.getByText(`Jordan Lee's trip changed: 42 mi, Depot → ${renamed}`).waitFor();
    await employee.getByText(`Jordan Lee logged a trip: 42 mi, Depot → ${added}`).waitFor();
    answer.release();

    await row(added).waitFor();
    await row(renamed).waitFor();
    await row(before).waitFor({ state: 'detached' });
  });
});
