import { existsSync } from 'node:fs';
import dayjs from 'dayjs';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { reviewClient } from '../support/review';
import { startTestServer, type TestServer } from '../support/test-server';
import { launchChromium, open, signIn, unique } from './browser';

const portalBuild = new URL('../../web/dist/index.html', import.meta.url).pathname;
const today = dayjs().format('YYYY-MM-DD');

describe('reviewing entries in a real browser, seen live in a second session', () => {
  let server: TestServer;
  let browser: Browser;
  let employee: Page;
  let supervisor: Page;
  let api: ReturnType<typeof reviewClient>;
  let field: string;

  beforeAll(async () => {
    if (!existsSync(portalBuild)) throw new Error('The portal is not built: run `npm run build:web` first (npm test does).');
    [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
    api = reviewClient(server);
    field = (await demoIds(server.app.services.db)).field;
    // An empty queue, so the entries these tests submit are on its first page.
    await server.app.services.db.execute(sql`update mileage_entries set status = 'DRAFT', submitted_at = null where status = 'SUBMITTED'`);
    await server.app.services.db.execute(sql`update receipts set status = 'DRAFT', submitted_at = null where status = 'SUBMITTED'`);
    [employee, supervisor] = await Promise.all([
      signIn(browser, server.url, demoAccounts.employee, demoPassword),
      signIn(browser, server.url, demoAccounts.supervisor, demoPassword),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('submit -> approve: the trip reaches the queue live, the employee sees the approval, and an edit of the approved trip is refused', async () => {
    await Promise.all([open(employee, 'Mileage'), open(supervisor, 'Approvals')]);
    const destination = unique('Airport');
    const trip = await api.create('employee', 'MileageEntry', { costCenterId: field, date: today, startLocation: 'Depot', endLocation: destination, miles: 42, purpose: 'Client visit' });
    expect(trip.status).toBe('DRAFT');
    const what = `trip Depot to ${destination}`;
    const row = (page: Page) => page.locator('tr').filter({ hasText: destination });

    await employee.getByRole('button', { name: `Submit ${what}` }).click();
    await row(employee).getByText('Submitted', { exact: true }).waitFor();
    // Sam's queue gets it live, with a toast.
    await row(supervisor).waitFor();
    await supervisor.getByText(`Jordan Lee submitted a trip: 42 mi, Depot → ${destination}`).waitFor();

    // Jordan starts editing while Sam approves.
    await employee.getByRole('button', { name: `Edit ${what}` }).click();
    const form = employee.getByRole('dialog', { name: 'Edit trip' });
    await form.getByLabel('Miles').fill('44');
    await supervisor.getByRole('button', { name: `Approve ${what}` }).click();
    await row(supervisor).waitFor({ state: 'detached' });

    await employee.getByText(`Sam Supervisor approved your trip: 42 mi, Depot → ${destination}`).waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('alert').filter({ hasText: /^Approved by Sam Supervisor on .*: it can no longer be changed\. An admin can reopen it\.$/ }).waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();
    await row(employee).getByText('Approved', { exact: true }).waitFor();
    expect(await employee.getByRole('button', { name: `Edit ${what}` }).isDisabled()).toBe(true);
    expect(await api.node('admin', trip.id)).toMatchObject({ status: 'APPROVED', miles: 42, reimbursement: { amountCents: 3045, fixed: true } });
  });

  it('reject -> fix -> resubmit: the employee sees why, fixes it and resubmits, and the reviewer sees it back live', async () => {
    await Promise.all([open(employee, 'Receipts'), open(supervisor, 'Approvals')]);
    const vendor = unique('Staples');
    const receipt = await api.create('employee', 'Receipt', { costCenterId: field, date: today, amountCents: 1234, vendor, category: 'SUPPLIES' });
    await api.step('employee', 'submit', 'Receipt', receipt.id, 1);
    const row = (page: Page) => page.locator('tr').filter({ hasText: vendor });
    await row(supervisor).waitFor();

    await supervisor.getByRole('button', { name: `Reject receipt $12.34 at ${vendor}` }).click();
    const dialog = supervisor.getByRole('dialog', { name: 'Reject' });
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await dialog.getByText('Say why').waitFor();
    await dialog.getByLabel('Reason').fill('The photo of the receipt is missing');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await row(supervisor).waitFor({ state: 'detached' });

    await employee.getByText(`Sam Supervisor rejected your receipt: $12.34 at ${vendor} (The photo of the receipt is missing)`).waitFor();
    await row(employee).getByTestId('rejection-reason').filter({ hasText: 'The photo of the receipt is missing' }).waitFor();

    await employee.getByRole('button', { name: `Edit receipt $12.34 at ${vendor}` }).click();
    const form = employee.getByRole('dialog', { name: 'Edit receipt' });
    await form.getByLabel('Amount').fill('12.50');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await employee.getByRole('button', { name: `Resubmit receipt $12.50 at ${vendor}` }).click();
    await row(employee).getByText('Submitted', { exact: true }).waitFor();
    expect(await row(employee).getByTestId('rejection-reason').count()).toBe(0);

    await row(supervisor).getByText('$12.50').waitFor();
    await supervisor.getByText(`Jordan Lee submitted a receipt: $12.50 at ${vendor}`).waitFor();
    await supervisor.getByRole('button', { name: `History of receipt $12.50 at ${vendor}` }).click();
    const history = supervisor.getByRole('dialog', { name: `History of receipt $12.50 at ${vendor}` });
    await history.getByText('Reason: The photo of the receipt is missing').waitFor();
    expect(await history.getByTestId('history-entry').count()).toBe(5);
    await supervisor.keyboard.press('Escape');

    await supervisor.getByRole('checkbox', { name: `Select receipt $12.50 at ${vendor}` }).check();
    await supervisor.getByRole('button', { name: 'Approve selected (1)' }).click();
    await row(supervisor).waitFor({ state: 'detached' });
    await row(employee).getByText('Approved', { exact: true }).waitFor();
  });
});
