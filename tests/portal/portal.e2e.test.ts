import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dayjs from 'dayjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { freePort } from '../support/throwaway-postgres';
import { connectionStatus, coveredControls, launchChromium, open, signIn, unique } from './browser';

const portalBuild = new URL('../../web/dist/index.html', import.meta.url).pathname;
const today = dayjs().format('YYYY-MM-DD');

async function fieldCostCenterId(server: TestServer): Promise<string> {
  const data = await graphqlData<{ costCenters: Array<{ id: string; code: string }> }>(server.url, '{ costCenters { id code } }', {}, server.tokens.employee);
  const field = data.costCenters.find((center) => center.code === 'FIELD');
  if (!field) throw new Error('the demo data has no FIELD cost center');
  return field.id;
}

/** What the mobile app sends: Jordan's own receipt, over plain HTTP. */
async function createReceiptAsMobileApp(server: TestServer, vendor: string, amountCents: number): Promise<{ id: string; version: number }> {
  const data = await graphqlData<{ createReceipt: { __typename: string; id: string; version: number } }>(
    server.url,
    `mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename ... on Receipt { id version } ... on Error { message } } }`,
    { input: { costCenterId: await fieldCostCenterId(server), date: today, amountCents, vendor, category: 'SUPPLIES' } },
    server.tokens.employee,
  );
  expect(data.createReceipt.__typename).toBe('Receipt');
  return data.createReceipt;
}

describe('the portal in a real browser', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'staffsync-portal-'));
  let env: Record<string, string>;
  let server: TestServer;
  let browser: Browser;
  let supervisor: Page;
  let admin: Page;

  beforeAll(async () => {
    if (!existsSync(portalBuild)) throw new Error('The portal is not built: run `npm run build:web` first (npm test does).');
    // A database on disk and a fixed port, so the server can be stopped and started again on the same data and address.
    env = { DATA_DIR: dataDir, PORT: String(await freePort()) };
    [server, browser] = await Promise.all([startTestServer(engines[0]!, { env }), launchChromium()]);
    [supervisor, admin] = await Promise.all([
      signIn(browser, server.url, demoAccounts.supervisor, demoPassword),
      signIn(browser, server.url, demoAccounts.admin, demoPassword),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a receipt created in one session in the other within a second, with a toast only there', async () => {
    await Promise.all([open(supervisor, 'Receipts'), open(admin, 'Receipts')]);
    const vendor = unique('Staples');

    await admin.getByRole('button', { name: 'New receipt' }).click();
    const form = admin.getByRole('dialog', { name: 'New receipt' });
    await form.getByLabel('Employee').click();
    await admin.getByRole('option', { name: 'Jordan Lee' }).click();
    await form.getByLabel('Cost center').click();
    await admin.getByRole('option', { name: 'Field service (FIELD)' }).click();
    await form.getByLabel('Amount').fill('42.10');
    await form.getByRole('button', { name: 'Save' }).click();
    // The server's field message appears under its field.
    await form.getByText('must not be empty').waitFor();

    await form.getByLabel('Vendor').fill(vendor);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await admin.getByRole('cell', { name: vendor, exact: true }).waitFor();

    await supervisor.getByRole('cell', { name: vendor, exact: true }).waitFor({ timeout: 1_000 });
    // The highlight lasts two seconds: look for it before anything slower.
    await supervisor.locator('tr.row-flash').filter({ hasText: vendor }).waitFor({ timeout: 1_000 });
    await supervisor.getByText(`Jordan Lee added a receipt: $42.10 at ${vendor}`).waitFor();
    expect(await admin.getByText(`added a receipt: $42.10 at ${vendor}`).count()).toBe(0);
  });

  it('shows an entry the mobile app created over HTTP, with a toast', async () => {
    await open(supervisor, 'Mileage');
    const destination = unique('Airport');
    const data = await graphqlData<{ createMileageEntry: { __typename: string } }>(
      server.url,
      `mutation ($input: CreateMileageEntryInput!) { createMileageEntry(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          costCenterId: await fieldCostCenterId(server),
          date: today,
          startLocation: 'Riverside depot',
          endLocation: destination,
          miles: 42,
          purpose: 'Client visit',
        },
      },
      server.tokens.employee,
    );
    expect(data.createMileageEntry.__typename).toBe('MileageEntry');

    await supervisor.getByRole('cell', { name: `Riverside depot → ${destination}`, exact: true }).waitFor({ timeout: 2_000 });
    const toast = supervisor.locator('.mantine-Notification-root').filter({ hasText: `Jordan Lee logged a trip: 42 mi, Riverside depot → ${destination}` });
    await toast.waitFor();
    // The toast leaves every row's buttons (review, edit, delete, history) clickable.
    await expect.poll(() => toast.evaluate((element) => element.getBoundingClientRect().left)).toBeLessThan(400);
    expect(await coveredControls(supervisor.locator('tr[data-row-id] button'))).toEqual([]);
  });

  it('asks which value to keep when someone else saved the same field first, and removes a deleted entry everywhere', async () => {
    await Promise.all([open(supervisor, 'Receipts'), open(admin, 'Receipts')]);
    const vendor = unique('Shell');
    const receipt = await createReceiptAsMobileApp(server, vendor, 1000);
    await admin.getByRole('button', { name: `Edit receipt $10.00 at ${vendor}` }).click();
    const form = admin.getByRole('dialog', { name: 'Edit receipt' });
    await form.getByLabel('Amount').fill('12.34');

    const update = await graphqlData<{ updateReceipt: { __typename: string } }>(
      server.url,
      `mutation ($id: ID!, $version: Int!) { updateReceipt(id: $id, version: $version, input: { amountCents: 1111 }) { __typename } }`,
      receipt,
      server.tokens.employee,
    );
    expect(update.updateReceipt.__typename).toBe('Receipt');
    await admin.getByRole('cell', { name: '$11.11', exact: true }).waitFor();

    await form.getByRole('button', { name: 'Save' }).click();
    const conflict = admin.getByRole('dialog', { name: 'Someone else changed this entry' });
    await conflict.getByRole('radio', { name: 'Yours: $12.34' }).waitFor();
    await conflict.getByRole('radio', { name: 'Jordan Lee\'s: $11.11' }).waitFor();
    await conflict.getByRole('button', { name: 'Save these values' }).click();
    await conflict.waitFor({ state: 'hidden' });
    await form.waitFor({ state: 'hidden' });
    await admin.getByRole('cell', { name: '$12.34', exact: true }).waitFor();
    await supervisor.getByRole('cell', { name: '$12.34', exact: true }).waitFor();

    await supervisor.getByRole('button', { name: `Delete receipt $12.34 at ${vendor}` }).click();
    await supervisor.getByRole('dialog', { name: 'Delete receipt' }).getByRole('button', { name: 'Delete' }).click();
    await admin.getByRole('cell', { name: vendor, exact: true }).waitFor({ state: 'detached' });
    await admin.getByText(`Sam Supervisor deleted the receipt of $12.34 at ${vendor}`).waitFor();
  });

  it('reconnects after the server restarts and shows a change made right after it', async () => {
    await open(supervisor, 'Receipts');
    await connectionStatus(supervisor, 'Live');

    await server.stop();
    await connectionStatus(supervisor, 'Reconnecting');
    server = await startTestServer(engines[0]!, { env });
    const vendor = unique('Office Depot');
    await createReceiptAsMobileApp(server, vendor, 1999);

    await connectionStatus(supervisor, 'Live', 30_000);
    await supervisor.getByRole('cell', { name: vendor, exact: true }).waitFor({ timeout: 2_000 });
    await supervisor.getByText(`Jordan Lee added a receipt: $19.99 at ${vendor}`).waitFor();
  });
});
