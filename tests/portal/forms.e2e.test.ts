import dayjs from 'dayjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { launchChromium, open, signIn, unique } from './browser';
import { seriousViolations } from './accessibility';

const today = dayjs().format('YYYY-MM-DD');

/** Forms and dialogs refuse bad data with a sentence next to the field, and never lose or revert anyone's edits. */
describe('forms and dialogs in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  const as = <Data = any>(query: string, variables: Record<string, unknown> = {}, token = server.tokens.employee) => graphqlData<Data>(server.url, query, variables, token);

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

  it('offers Deactivate for an employee with history, and no way to delete or demote oneself', async () => {
    await open(admin, 'Employees');
    const ownDelete = admin.getByRole('button', { name: 'Delete employee Avery Admin' });
    await ownDelete.waitFor();
    expect(await ownDelete.isDisabled()).toBe(true);
    await admin.getByRole('button', { name: 'Edit employee Avery Admin' }).click();
    const own = admin.getByRole('dialog', { name: 'Edit employee' });
    expect(await own.getByLabel('Role', { exact: true }).isDisabled()).toBe(true);
    await own.getByText('You cannot deactivate your own account').waitFor();
    await own.getByRole('button', { name: 'Cancel' }).click();

    await admin.getByRole('button', { name: 'Delete employee Noah Williams' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Delete employee' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('alert').filter({ hasText: /This employee has \d+ entries; deactivate the account instead/ }).waitFor();
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByText('Noah Williams was deactivated').waitFor();
    await admin.getByRole('row').filter({ hasText: 'Noah Williams' }).getByText('Inactive').waitFor();
  });

  it('refuses negative, impossible and out-of-range values with a sentence by the field, and asks before saving unusual ones', async () => {
    await open(admin, 'Mileage');
    await admin.getByRole('button', { name: 'New trip' }).click();
    const form = admin.getByRole('dialog', { name: 'New trip' });
    await form.getByLabel('Cost center').click();
    await admin.getByRole('option', { name: 'Administration (ADMIN)' }).click();
    const destination = unique('Depot');
    await form.getByLabel('From').fill('Head office');
    await form.getByLabel('To').fill(destination);
    await form.getByLabel('Purpose').fill('Delivery');
    await form.getByLabel('Miles').fill('-5');
    // An impossible day typed into the date field is no date at all, not March 2.
    await form.getByLabel('Date').click();
    await admin.keyboard.type('02302026');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Must not be negative').waitFor();
    await form.getByText('Enter a real date, like 2026-03-31').waitFor();
    expect(await form.getByLabel('Miles').inputValue()).toBe('-5');

    await form.getByLabel('Date').fill(today);
    await form.getByLabel('Miles').fill('500');
    await form.getByLabel('Odometer start').fill('1000');
    await form.getByLabel('Odometer end').fill('1010');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('alert').filter({ hasText: 'Miles differ from the odometer readings (10 mi).' }).waitFor();
    await form.getByRole('button', { name: 'Save anyway' }).click();
    await form.waitFor({ state: 'hidden' });
    await admin.getByRole('cell', { name: `Head office → ${destination}` }).waitFor();

    await open(admin, 'Receipts');
    await admin.getByRole('button', { name: 'New receipt' }).click();
    const receipt = admin.getByRole('dialog', { name: 'New receipt' });
    await receipt.getByLabel('Amount').fill('99999999999');
    await receipt.getByRole('button', { name: 'Save' }).click();
    await receipt.getByText('Must be at most 10,000,000.00').waitFor();
    // Escape does not throw unsaved edits away without asking.
    await admin.keyboard.press('Escape');
    await admin.getByRole('dialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard' }).click();
    await receipt.waitFor({ state: 'hidden' });

    const day = dayjs().subtract(200, 'day').format('YYYY-MM-DD');
    const logged = await as('mutation ($input: CreateTimeEntryInput!) { createTimeEntry(input: $input) { __typename } }', { input: { costCenterId: ids.field, date: day, hours: 13.25 } });
    expect(logged.createTimeEntry.__typename).toBe('TimeEntry');
    await open(admin, 'Time');
    await admin.getByRole('button', { name: 'New hours' }).click();
    const hours = admin.getByRole('dialog', { name: 'New hours' });
    await hours.getByLabel('Employee').click();
    await admin.getByRole('option', { name: 'Jordan Lee' }).click();
    await hours.getByLabel('Cost center').click();
    await admin.getByRole('option', { name: 'Field service (FIELD)' }).click();
    await hours.getByLabel('Date').fill(dayjs().add(3, 'day').format('YYYY-MM-DD'));
    await hours.getByLabel('Hours').fill('20');
    await hours.getByRole('button', { name: 'Save' }).click();
    await hours.getByText('Must not be in the future: log hours once worked').waitFor();
    await hours.getByLabel('Date').fill(day);
    await hours.getByRole('button', { name: 'Save' }).click();
    await hours.getByText('Would make 33.25 h on this day with the 13.25 h already logged; a day has at most 24').waitFor();
    await admin.keyboard.press('Escape');
    await admin.getByRole('dialog', { name: 'Discard your changes?' }).getByRole('button', { name: 'Discard' }).click();
  });

  it('sends only the fields changed: edits to other fields are merged, each field both changed is a choice of yours or theirs', async () => {
    await open(admin, 'Receipts');
    const vendor = unique('Merge');
    const created = (await as('mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id version } } }', {
      input: { costCenterId: ids.field, date: today, amountCents: 1000, vendor, category: 'SUPPLIES' },
    })).createReceipt;
    await admin.getByRole('button', { name: `Edit receipt $10.00 at ${vendor}` }).click();
    const form = admin.getByRole('dialog', { name: 'Edit receipt' });
    await form.getByLabel('Amount').fill('12.34');
    await as('mutation ($id: ID!) { updateReceipt(id: $id, version: 1, input: { category: MEALS, description: "Lunch with client" }) { __typename } }', { id: created.id });
    await admin.getByRole('row').filter({ hasText: vendor }).getByText('Meals').waitFor();
    await form.getByTestId('changed-elsewhere').filter({ hasText: 'Jordan Lee changed this while you were editing (category, description).' }).waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    const merged = (await as('query ($id: ID!) { node(id: $id) { ... on Receipt { version amountCents category description } } }', { id: created.id })).node;
    expect(merged).toEqual({ version: 3, amountCents: 1234, category: 'MEALS', description: 'Lunch with client' });

    await admin.getByRole('button', { name: `Edit receipt $12.34 at ${vendor}` }).click();
    await form.getByLabel('Amount').fill('15');
    await form.getByLabel('Description').fill('Dinner');
    await as('mutation ($id: ID!) { updateReceipt(id: $id, version: 3, input: { amountCents: 1111, description: "Lunch", category: TRAVEL }) { __typename } }', { id: created.id });
    await admin.getByRole('cell', { name: '$11.11', exact: true }).waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    const conflict = admin.getByRole('dialog', { name: 'Someone else changed this entry' });
    await conflict.getByText('Jordan Lee saved a newer version while you were editing').waitFor();
    // One choice per field both changed, naming who made the other change; their category is merged without asking.
    const amount = conflict.getByRole('radiogroup', { name: 'Amount' });
    const description = conflict.getByRole('radiogroup', { name: 'Description' });
    expect(await amount.getByRole('radio', { name: 'Yours: $15.00' }).isChecked()).toBe(true);
    await amount.getByRole('radio', { name: "Jordan Lee's: $11.11" }).waitFor();
    await description.getByRole('radio', { name: "Jordan Lee's: Lunch" }).check();
    expect(await conflict.getByRole('radiogroup').count()).toBe(2);
    await conflict.getByText('Other changes, yours and theirs, are kept.').waitFor();
    expect(await seriousViolations(admin)).toEqual([]);
    await conflict.getByRole('button', { name: 'Save these values' }).click();
    await form.waitFor({ state: 'hidden' });
    const resolved = (await as('query ($id: ID!) { node(id: $id) { ... on Receipt { amountCents description category } } }', { id: created.id })).node;
    expect(resolved).toEqual({ amountCents: 1500, description: 'Lunch', category: 'TRAVEL' });

    await admin.getByRole('button', { name: `Edit receipt $15.00 at ${vendor}` }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Nothing to save: no field was changed').waitFor();
    await form.waitFor({ state: 'hidden' });

    await admin.getByRole('button', { name: `Edit receipt $15.00 at ${vendor}` }).click();
    const deleted = await as('mutation ($id: ID!) { deleteReceipt(id: $id, version: 5) { __typename } }', { id: created.id });
    expect(deleted.deleteReceipt.__typename).toBe('DeletedEntity');
    await form.getByTestId('changed-elsewhere').filter({ hasText: 'Jordan Lee deleted this while you were editing; it can no longer be saved.' }).waitFor();
    expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await form.getByRole('button', { name: 'Cancel' }).click();
  });
});
