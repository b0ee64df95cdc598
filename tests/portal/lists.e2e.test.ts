import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { launchChromium, newPortalContext, open, signIn, unique } from './browser';

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

/**
 * Everyday questions a list answers: sums for the filter, filters that survive a reload, a prefilled cost
 * center, live changes that arrive while it loads.
 */
describe('entry lists in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
    ids = await demoIds(server.app.services.db);
    admin = await signIn(browser, server.url, demoAccounts.admin, demoPassword);
    admin.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sums miles for the filter, keeps the filter in the address bar across a reload', async () => {
    await admin.getByRole('link', { name: 'Mileage' }).click();
    await admin.getByRole('heading', { name: 'Mileage', level: 1 }).waitFor();
    await admin.getByRole('combobox', { name: 'Cost center' }).click();
    await admin.getByRole('option', { name: 'Sales (SALES)' }).click();
    await admin.waitForURL(`**/mileage?costCenterId=${ids.sales}`);

    const { totals } = await graphqlData<{ totals: { miles: number; mileageCount: number } }>(server.url, 'query ($filter: EntryFilter) { totals(filter: $filter) { miles mileageCount } }', { filter: { costCenterId: ids.sales } }, server.tokens.admin);
    const expected = `${totals.mileageCount} trips, ${totals.miles.toLocaleString('en-US', { maximumFractionDigits: 1 })} mi in all`;
    await admin.getByTestId('filter-totals').filter({ hasText: expected }).waitFor();

    await admin.reload();
    await admin.getByTestId('filter-totals').filter({ hasText: expected }).waitFor();
    expect(await admin.getByRole('combobox', { name: 'Cost center' }).inputValue()).toBe('Sales (SALES)');
  });

  it('fills in the cost center of someone who works for just one, and offers only theirs', async () => {
    await admin.getByRole('button', { name: 'New trip' }).click();
    const form = admin.getByRole('dialog', { name: 'New trip' });
    await form.getByRole('combobox', { name: 'Employee' }).click();
    await admin.getByRole('option', { name: 'Marcus Chen' }).click();
    await expect.poll(() => form.getByRole('combobox', { name: 'Cost center' }).inputValue()).toBe('Sales (SALES)');
    await form.getByRole('combobox', { name: 'Cost center' }).click();
    expect(await admin.getByRole('option').allInnerTexts()).toEqual(['Sales (SALES)']);
    await admin.keyboard.press('Escape');
  });

  it('searches receipts as you type, sums the amounts found per currency, sorts by a header, keeps both in the address bar, and follows live changes', async () => {
    const tag = `Find${Math.random().toString(36).slice(2, 8)}`;
    const create = (vendor: string, amountCents: number, currency = 'USD') =>
      graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }', {
        input: { costCenterId: ids.field, date: '2025-11-04', amountCents, currency, vendor: `${tag} ${vendor}`, category: 'SUPPLIES' },
      }, server.tokens.employee);
    await create('Staples', 1_200);
    await create('Staples', 800, 'EUR');
    await create('Office Depot', 500);

    await admin.goto(`${server.url}/receipts`);
    await admin.getByRole('heading', { name: 'Receipts', level: 1 }).waitFor();
    await admin.getByRole('searchbox', { name: 'Search' }).fill(`${tag.toLowerCase()} staples`);
    await admin.waitForURL((url) => url.searchParams.get('search') === `${tag.toLowerCase()} staples`);
    const rows = admin.locator('tr[data-row-id]');
    await expect.poll(() => rows.count()).toBe(2);
    await admin.getByTestId('filter-totals').filter({ hasText: '2 receipts, €8.00 + $12.00 in all' }).waitFor();

    // Someone else adds a matching receipt: the searched list and its sum follow without a reload.
    await create('Staples', 300);
    await expect.poll(() => rows.count()).toBe(3);
    await admin.getByTestId('filter-totals').filter({ hasText: '3 receipts, €8.00 + $15.00 in all' }).waitFor();

    await admin.reload();
    expect(await admin.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe(`${tag.toLowerCase()} staples`);
    await expect.poll(() => rows.count()).toBe(3);

    // Headers sort on the server, the sort is kept in the address bar, and the header says how it sorts.
    const amounts = () => rows.locator('td[data-label="Amount"]').allInnerTexts();
    const amountHeader = admin.getByRole('columnheader', { name: /^Amount/ });
    await amountHeader.getByRole('button').click();
    await admin.waitForURL((url) => url.searchParams.get('sort') === 'AMOUNT' && url.searchParams.get('order') === 'asc');
    await expect.poll(amounts).toEqual(['$3.00', '€8.00', '$12.00']);
    expect(await amountHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await admin.getByRole('columnheader', { name: /^Date/ }).getAttribute('aria-sort')).toBeNull();
    await amountHeader.getByRole('button').click();
    await expect.poll(amounts).toEqual(['$12.00', '€8.00', '$3.00']);
    await admin.reload();
    await expect.poll(amounts).toEqual(['$12.00', '€8.00', '$3.00']);
    expect(await amountHeader.getAttribute('aria-sort')).toBe('descending');
    expect(new URL(admin.url()).searchParams.get('search')).toBe(`${tag.toLowerCase()} staples`);

    await admin.getByRole('button', { name: 'Clear the search' }).click();
    await admin.waitForURL((url) => !url.searchParams.has('search') && url.searchParams.get('sort') === 'AMOUNT');
  });

  it('filters the dashboard by employee and dates in the address bar; charts read as tables, format their tooltips and take no focus', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    await admin.goto(`${server.url}/?from=${from}&to=${today}`);
    await admin.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await admin.getByRole('combobox', { name: 'Employee' }).click();
    await admin.getByRole('option', { name: 'Jordan Lee' }).click();
    await admin.waitForURL(`**/?employeeId=${ids.employee}&from=${from}&to=${today}`);

    const filter = { employeeId: ids.employee, from, to: today };
    const { totals } = await graphqlData<{ totals: { miles: number; hours: number; byWeek: Array<{ weekStart: string; miles: number }> } }>(
      server.url,
      'query ($filter: EntryFilter) { totals(filter: $filter) { miles hours byWeek(weeks: 4) { weekStart miles } } }',
      { filter },
      server.tokens.admin,
    );
    const miles = (value: number) => `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })} mi`;
    const stat = (label: string) => admin.locator('.mantine-Card-root').filter({ has: admin.getByText(label, { exact: true }) });
    await stat('Miles driven').filter({ hasText: miles(totals.miles) }).waitFor();
    await admin.reload();
    await stat('Miles driven').filter({ hasText: miles(totals.miles) }).waitFor();
    expect(await admin.getByRole('combobox', { name: 'Employee' }).inputValue()).toBe('Jordan Lee');

    // The text alternative: one row per week of the range, the last one labelled as still under way.
    const milesFigure = admin.getByRole('figure', { name: 'Miles' });
    const rows = milesFigure.getByRole('table', { name: 'Miles per week', includeHidden: true }).getByRole('row', { includeHidden: true });
    await expect.poll(() => rows.count()).toBe(totals.byWeek.length + 1);
    const lastWeek = totals.byWeek.at(-1)!;
    expect(await rows.last().innerText()).toMatch(new RegExp(`^This week so far\\s+${miles(lastWeek.miles)}$`));
    await admin.getByText('the last week is still under way').waitFor();

    // The tooltip formats its value; the drawing is hidden from screen readers and never focusable.
    const chart = milesFigure.locator('.recharts-wrapper');
    const box = (await chart.boundingBox())!;
    await chart.hover({ position: { x: box.width - 20, y: box.height / 2 } });
    await milesFigure.locator('.mantine-ChartTooltip-tooltip').filter({ hasText: 'This week so far' }).filter({ hasText: miles(lastWeek.miles) }).waitFor();
    const receiptsFigure = admin.getByRole('figure', { name: 'Receipts in USD' });
    const receiptsChart = receiptsFigure.locator('.recharts-wrapper');
    const receiptsBox = (await receiptsChart.boundingBox())!;
    await receiptsChart.hover({ position: { x: receiptsBox.width - 20, y: receiptsBox.height / 2 } });
    await receiptsFigure.locator('.mantine-ChartTooltip-tooltip').filter({ hasText: /\$\d+\.\d\d/ }).waitFor();
    for (const figure of await admin.getByRole('figure').all()) {
      expect(await figure.locator('[tabindex]:not([tabindex="-1"]), a, button, input').count()).toBe(0);
    }
  });

  it('spells out the changes a burst folded into one toast', async () => {
    const vendors = Array.from({ length: 5 }, (_, index) => `Burst ${index} ${Math.random().toString(36).slice(2, 6)}`);
    await Promise.all(
      vendors.map((vendor) =>
        graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }', {
          input: { costCenterId: ids.field, date: new Date().toISOString().slice(0, 10), amountCents: 100, vendor, category: 'OTHER' },
        }, server.tokens.employee),
      ),
    );
    const summary = admin.locator('.mantine-Notification-root').filter({ hasText: /^2 more changes arrived/ });
    await summary.waitFor();
    const folded = (await summary.innerText()).split('\n').filter((line) => line.startsWith('Jordan Lee added a receipt: $1.00 at Burst'));
    expect(folded).toHaveLength(2);
  });

  it('shows a trip made and a trip changed after its list was read, once that older answer arrives', async () => {
    // Without the portal's service worker: requests a worker takes over bypass page.route, and the list's
    // request went unheld whenever the worker took control of the page before it was sent.
    const employee = await signIn(browser, server.url, demoAccounts.employee, demoPassword, await newPortalContext(browser, { serviceWorkers: 'block' }));
    employee.setDefaultTimeout(10_000);
    const create = async (endLocation: string) => {
      const { createMileageEntry } = await graphqlData<{ createMileageEntry: { id: string; version: number } }>(
        server.url,
        'mutation ($input: CreateMileageEntryInput!) { createMileageEntry(input: $input) { ... on MileageEntry { id version } } }',
        { input: { costCenterId: ids.field, date: new Date().toISOString().slice(0, 10), startLocation: 'Depot', endLocation, miles: 42, purpose: 'Client visit' } },
        server.tokens.employee,
      );
      return createMileageEntry;
    };
    const row = (text: string) => employee.locator('tr[data-row-id]').filter({ hasText: text });
    const before = unique('Harbor');
    const changed = await create(before);

    const answer = await holdFirstAnswer(employee, 'MileagePage_List');
    await open(employee, 'Mileage');
    await answer.read;
    // Made after the server read the list: its answer, still held, has neither change.
    const renamed = unique('Airport');
    const added = unique('Station');
    await graphqlData(
      server.url,
      'mutation ($id: ID!, $version: Int!, $input: UpdateMileageEntryInput!) { updateMileageEntry(id: $id, version: $version, input: $input) { __typename } }',
      { id: changed.id, version: changed.version, input: { endLocation: renamed } },
      server.tokens.employee,
    );
    await create(added);
    // The tab's socket has delivered both (each makes a toast) before the list's answer is let through.
    await employee.getByText(`Jordan Lee's trip changed: 42 mi, Depot → ${renamed}`).waitFor();
    await employee.getByText(`Jordan Lee logged a trip: 42 mi, Depot → ${added}`).waitFor();
    answer.release();

    await row(added).waitFor();
    await row(renamed).waitFor();
    await row(before).waitFor({ state: 'detached' });
  });
});
