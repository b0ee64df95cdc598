import { existsSync } from 'node:fs';
import dayjs from 'dayjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestServer, type TestServer } from '../support/test-server';
import { goOffline, goOnline, reloadOffline } from './network-loss';
import { connectionStatus, launchChromium, newPortalContext, open, signIn, unique, watchPolicyViolations } from './browser';

const portalBuild = new URL('../../web/dist/index.html', import.meta.url).pathname;

/** Names of the offline cache databases the page's origin holds, with how many day-batches of entries each keeps. */
async function cacheDatabases(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const found: Record<string, number> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name?.startsWith('staffsync-cache-')) continue;
      found[name] = await new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const database = request.result;
          const count = database.transaction('entries').objectStore('entries').count();
          count.onsuccess = () => {
            database.close();
            resolve(count.result);
          };
        };
      });
    }
    return found;
  });
}

/** Whether the page's cached data (its entries store) mentions `text` yet: Graphcache writes it in the background. */
async function cacheHolds(page: Page, text: string): Promise<boolean> {
  return page.evaluate(async (wanted) => {
    const { name } = (await indexedDB.databases()).find((database) => database.name?.startsWith('staffsync-cache-')) ?? {};
    if (!name) return false;
    return new Promise<boolean>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const database = request.result;
        const all = database.transaction('entries').objectStore('entries').getAll();
        all.onsuccess = () => {
          database.close();
          resolve(JSON.stringify(all.result).includes(wanted));
        };
      };
    });
  }, text);
}

describe('the portal started without the network, in a real browser', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  let browser: Browser;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    if (!existsSync(portalBuild)) throw new Error('The portal is not built: run `npm run build:web` first (npm test does).');
    [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
    proxy = await startTcpProxy(server.url);
    ids = await demoIds(server.app.services.db);
  });

  // A test that failed offline leaves the next one a working network.
  afterEach(() => proxy.restore());

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
  });

  async function createReceipt(vendor: string): Promise<void> {
    await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }', {
      input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 1_250, vendor, category: 'SUPPLIES' },
    }, server.tokens.employee);
  }

  it('after one visit, reloads offline into the signed-in portal with the receipts it had and the badge Offline, with no policy violation; and is live again online', async () => {
    const vendor = unique('Offline kept');
    await createReceipt(vendor);
    const context = await newPortalContext(browser);
    const violations = await watchPolicyViolations(context);
    const page = await signIn(browser, proxy.url, demoAccounts.employee, demoPassword, context);
    page.setDefaultTimeout(10_000);
    await open(page, 'Receipts');
    const rows = page.locator('tr[data-row-id]');
    await page.getByRole('cell', { name: vendor, exact: true }).waitFor();
    const shown = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-row-id')));
    // The service worker controls the page (its files are precached) and the list is in the offline cache.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect.poll(() => cacheHolds(page, vendor)).toBe(true);

    await goOffline(context, proxy);
    await reloadOffline(page);
    await page.getByRole('heading', { name: 'Receipts', level: 1 }).waitFor();
    await connectionStatus(page, 'Offline');
    await page.getByRole('cell', { name: vendor, exact: true }).waitFor();
    expect(await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-row-id')))).toEqual(shown);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    // The server's own addresses are never answered with the stored portal page; the portal's are.
    for (const path of ['/graphql', '/exports/receipts.csv', '/ready', '/photos/pho_x/original']) {
      const other = await context.newPage();
      await expect(other.goto(`${proxy.url}${path}`), path).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
      await other.close();
    }
    const other = await context.newPage();
    expect((await other.goto(`${proxy.url}/mileage`))?.status()).toBe(200);
    await other.getByRole('heading', { name: 'Mileage', level: 1 }).waitFor();
    await other.close();
    // Back to the first tab, which a background tab's throttled timers would slow down.
    await page.bringToFront();

    // A page never opened before says it could not be loaded, rather than showing an empty list.
    await open(page, 'Mileage');
    await page.getByRole('alert').filter({ hasText: 'The server could not be reached' }).waitFor();

    // Made elsewhere while this browser was offline: the lists are fetched again once live.
    const whileAway = unique('While away');
    await createReceipt(whileAway);
    await goOnline(context, proxy);
    await connectionStatus(page, 'Live', 15_000);
    await page.getByRole('alert').filter({ hasText: 'The server could not be reached' }).waitFor({ state: 'detached' });
    await open(page, 'Receipts');
    await page.getByRole('cell', { name: whileAway, exact: true }).waitFor();
    const added = unique('Back online');
    await createReceipt(added);
    await page.getByRole('cell', { name: added, exact: true }).waitFor();
    await context.close();
    expect(violations).toEqual([]);
  });

  it('reopened online, shows what changed while it was closed, not only what the offline cache kept', async () => {
    const context = await newPortalContext(browser);
    const page = await signIn(browser, proxy.url, demoAccounts.employee, demoPassword, context);
    page.setDefaultTimeout(10_000);
    const kept = unique('Kept');
    await createReceipt(kept);
    await open(page, 'Receipts');
    await page.getByRole('cell', { name: kept, exact: true }).waitFor();
    await expect.poll(() => cacheHolds(page, kept)).toBe(true);
    await page.close();

    const meanwhile = unique('Meanwhile');
    await createReceipt(meanwhile);
    const reopened = await context.newPage();
    reopened.setDefaultTimeout(10_000);
    await reopened.goto(`${proxy.url}/receipts`);
    await connectionStatus(reopened, 'Live');
    await reopened.getByRole('cell', { name: meanwhile, exact: true }).waitFor();
    await reopened.getByRole('cell', { name: kept, exact: true }).waitFor();
    await context.close();
  });

  it('signs out, emptying the cached data, when the server refuses the session of a portal started offline', async () => {
    const context = await newPortalContext(browser);
    const page = await signIn(browser, proxy.url, demoAccounts.employee, demoPassword, context);
    page.setDefaultTimeout(10_000);
    const vendor = unique('Ended');
    await createReceipt(vendor);
    await open(page, 'Receipts');
    await page.getByRole('cell', { name: vendor, exact: true }).waitFor();
    await expect.poll(() => cacheHolds(page, vendor)).toBe(true);

    await goOffline(context, proxy);
    await reloadOffline(page);
    await page.getByRole('cell', { name: vendor, exact: true }).waitFor();
    await connectionStatus(page, 'Offline');
    const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('staffsync.session') ?? '{}') as { token?: string }).token);
    await graphqlData(server.url, 'mutation { logout }', {}, token);

    await goOnline(context, proxy);
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 15_000 });
    expect(Object.values(await cacheDatabases(page))).toEqual([0]);
    await context.close();
  });

  it('leaves none of the employee’s data in the browser once they sign out', async () => {
    const context = await newPortalContext(browser);
    const page = await signIn(browser, proxy.url, demoAccounts.employee, demoPassword, context);
    page.setDefaultTimeout(10_000);
    const vendor = unique('Private');
    await createReceipt(vendor);
    await open(page, 'Receipts');
    await page.getByRole('cell', { name: vendor, exact: true }).waitFor();
    await expect.poll(() => cacheHolds(page, vendor)).toBe(true);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // Emptied at once; the database itself goes at the next start (this page still holds it open).
    expect(Object.values(await cacheDatabases(page))).toEqual([0]);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect.poll(() => cacheDatabases(page)).toEqual({});
    await context.close();
  });
});
