import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import dayjs from 'dayjs';
import { eq } from 'drizzle-orm';
import { parse } from 'graphql';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeDocuments } from '../../client/writes';
import { mileageEntries, receiptPhotos, receipts } from '../../server/db/schema';
import { trustedDocumentText } from '../../web/src/graphql/trusted-document';
import { outboxFields } from '../../web/src/offline/outbox-fields';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { jpegWithGps } from '../photos/samples';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestServer, type TestServer } from '../support/test-server';
import { connectionStatus, launchChromium, open, signIn, unique } from './browser';
import { goOffline, goOnline, reloadOffline } from './network-loss';

const today = dayjs().format('YYYY-MM-DD');

/** An employee on the road: what they write without a connection waits on the device and lands once, in order. */
describe('the portal without a connection, in a real browser', () => {
  let server: TestServer;
  /** The employee's way to the server, cut to take the network away (the admin's stays). */
  let proxy: TcpProxy;
  let browser: Browser;
  let employee: Page;
  let admin: Page;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  const as = <Data = any>(query: string, variables: Record<string, unknown>, token: string) => graphqlData<Data>(server.url, query, variables, token);

  const receiptsByVendor = (vendor: string) => server.app.services.db.select().from(receipts).where(eq(receipts.vendor, vendor));
  const waitingBadge = (page: Page) => page.getByTestId('outbox-status');

  async function employeeOffline(): Promise<void> {
    await goOffline(employee.context(), proxy);
    await connectionStatus(employee, 'Offline');
  }

  const employeeOnline = () => goOnline(employee.context(), proxy);

  async function createReceiptAsEmployee(vendor: string, amountCents: number): Promise<{ id: string; version: number }> {
    const { createReceipt } = await as<{ createReceipt: { id: string; version: number } }>(
      'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id version } } }',
      { input: { costCenterId: ids.field, date: today, amountCents, vendor, category: 'SUPPLIES' } },
      server.tokens.employee,
    );
    return createReceipt;
  }

  /** Fills the employee's New receipt form (Field service, Meals), with a date and a photo when given, and saves it. */
  async function saveNewReceipt(vendor: string, amount: string, extra: { photo?: { name: string; buffer: Buffer }; date?: string } = {}): Promise<void> {
    const { photo, date } = extra;
    await employee.getByRole('button', { name: 'New receipt' }).click();
    const form = employee.getByRole('dialog', { name: 'New receipt' });
    if (date) await form.getByLabel('Date').fill(date);
    await form.getByLabel('Cost center').click();
    await employee.getByRole('option', { name: 'Field service (FIELD)' }).click();
    await form.getByLabel('Vendor').fill(vendor);
    await form.getByLabel('Amount').fill(amount);
    await form.getByLabel('Category').click();
    await employee.getByRole('option', { name: 'Meals' }).click();
    if (photo) {
      const field = form.getByRole('group', { name: 'Receipt photo' });
      await field.locator('input[type=file]:not([capture])').setInputFiles({ name: photo.name, mimeType: 'image/jpeg', buffer: photo.buffer });
    }
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(engines[0]!), launchChromium()]);
    proxy = await startTcpProxy(server.url);
    ids = await demoIds(server.app.services.db);
    [employee, admin] = await Promise.all([
      signIn(browser, proxy.url, demoAccounts.employee, demoPassword),
      signIn(browser, server.url, demoAccounts.admin, demoPassword),
    ]);
    employee.setDefaultTimeout(10_000);
    admin.setDefaultTimeout(10_000);
  });

  // A test that failed offline leaves the next one a working network.
  afterEach(() => proxy.restore());

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
  });

  it('can replay on a server that runs only trusted documents: the build lists every document the outbox sends', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../web/dist/.vite/trusted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;
    const missing = writeDocuments(outboxFields).filter((text) => !(createHash('sha256').update(trustedDocumentText(parse(text))).digest('hex') in manifest));
    expect(missing).toEqual([]);
  });

  it('keeps a new receipt and an edited trip on the device while offline and across a reload, then sends each once; another session sees them live', async () => {
    const site = unique('Site');
    const { createMileageEntry: trip } = await as<{ createMileageEntry: { id: string } }>(
      'mutation ($input: CreateMileageEntryInput!) { createMileageEntry(input: $input) { ... on MileageEntry { id } } }',
      { input: { costCenterId: ids.field, date: today, startLocation: 'Depot', endLocation: site, miles: 12, purpose: 'Delivery' } },
      server.tokens.employee,
    );
    await open(employee, 'Mileage');
    await employee.getByRole('button', { name: `Edit trip Depot to ${site}` }).waitFor();
    await open(employee, 'Receipts');
    await open(admin, 'Receipts');
    await employeeOffline();

    const vendor = unique('Roadside');
    await saveNewReceipt(vendor, '12');
    await waitingBadge(employee).filter({ hasText: '1 change waiting' }).waitFor();
    await employee.getByTestId('waiting-writes').getByText(`New receipt: ${vendor}, $12.00`, { exact: false }).waitFor();

    await open(employee, 'Mileage');
    await employee.getByRole('button', { name: `Edit trip Depot to ${site}` }).click();
    const tripForm = employee.getByRole('dialog', { name: 'Edit trip' });
    await tripForm.getByLabel('Purpose').fill('Delivery and pickup');
    await tripForm.getByRole('button', { name: 'Save' }).click();
    await tripForm.waitFor({ state: 'hidden' });
    await waitingBadge(employee).filter({ hasText: '2 changes waiting' }).waitFor();
    await employee.getByTestId('waiting-writes').getByText('Changed trip: purpose Delivery and pickup').waitFor();

    // The tab is reloaded, still offline: the portal starts from this device, the writes still waiting.
    await reloadOffline(employee);
    await connectionStatus(employee, 'Offline');
    await waitingBadge(employee).filter({ hasText: '2 changes waiting' }).waitFor();
    await employee.getByTestId('waiting-writes').getByText('Changed trip: purpose Delivery and pickup').waitFor();

    // Nothing reached the server while offline.
    expect(await receiptsByVendor(vendor)).toHaveLength(0);

    await employeeOnline();
    await connectionStatus(employee, 'Live');
    await waitingBadge(employee).waitFor({ state: 'hidden' });
    // The other session sees the receipt arrive live.
    await admin.getByRole('cell', { name: vendor, exact: true }).waitFor();
    const landed = await receiptsByVendor(vendor);
    expect(landed.map((row) => ({ amountCents: row.amountCents, category: row.category }))).toEqual([{ amountCents: 1200, category: 'MEALS' }]);
    const [edited] = await server.app.services.db.select().from(mileageEntries).where(eq(mileageEntries.id, trip.id));
    expect({ purpose: edited?.purpose, version: edited?.version }).toEqual({ purpose: 'Delivery and pickup', version: 2 });
  });

  it('keeps photos taken offline on the device (a new receipt with one, and one for a receipt that exists), across a reload; back online each lands once and shows as a thumbnail, in another session too', async () => {
    const earlier = unique('Earlier');
    const existing = await createReceiptAsEmployee(earlier, 700);
    const vendor = unique('Snapped');
    await Promise.all([open(employee, 'Receipts'), open(admin, 'Receipts')]);
    await employee.getByRole('button', { name: `Edit receipt $7.00 at ${earlier}` }).waitFor();
    await employeeOffline();

    await saveNewReceipt(vendor, '12', { photo: { name: 'IMG_3001.JPG', buffer: await jpegWithGps(640, 480) } });
    await waitingBadge(employee).filter({ hasText: '1 change waiting' }).waitFor();
    await employee.getByTestId('waiting-writes').getByText(new RegExp(`New receipt: ${vendor}, \\$12\\.00, .*, with photo IMG_3001\\.JPG`)).waitFor();

    await employee.getByRole('button', { name: `Edit receipt $7.00 at ${earlier}` }).click();
    const edit = employee.getByRole('dialog', { name: 'Edit receipt' });
    const editPhoto = edit.getByRole('group', { name: 'Receipt photo' });
    await editPhoto.locator('input[type=file]:not([capture])').setInputFiles({ name: 'IMG_3002.JPG', mimeType: 'image/jpeg', buffer: await jpegWithGps(480, 640) });
    await editPhoto.getByText('IMG_3002.JPG is kept on this device and attached when the connection is back.').waitFor();
    await employee.keyboard.press('Escape');
    await edit.waitFor({ state: 'hidden' });
    await waitingBadge(employee).filter({ hasText: '2 changes waiting' }).waitFor();
    await employee.getByTestId('waiting-writes').getByText(new RegExp(`Receipt photo for ${earlier}, \\$7\\.00, .*: IMG_3002\\.JPG`)).waitFor();

    // Reloaded while still offline: the photos' bytes are still on this device.
    await reloadOffline(employee);
    await connectionStatus(employee, 'Offline');
    await waitingBadge(employee).filter({ hasText: '2 changes waiting' }).waitFor();
    expect(await receiptsByVendor(vendor)).toHaveLength(0);
    expect((await receiptsByVendor(earlier))[0]?.photoId).toBeNull();

    await employeeOnline();
    await connectionStatus(employee, 'Live');
    await waitingBadge(employee).waitFor({ state: 'hidden' });
    // Both receipts show their thumbnails, loaded: in the admin's session, live, and in this one, which
    // started offline: its lists are fetched again once it has its cursor, and a photo the outbox attaches
    // while that fetch is on its way is applied again on top of the fetch's older answer.
    const thumbnailIn = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name }).getByRole('button', { name: /^View photo of receipt/ }).locator('img');
    for (const thumbnail of [admin, employee].flatMap((page) => [thumbnailIn(page, vendor), thumbnailIn(page, earlier)])) {
      await expect.poll(() => thumbnail.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0)).toBe(true);
    }
    // Each landed once: one receipt made with its photo (version 1), one photo for the receipt that existed.
    const [created] = await receiptsByVendor(vendor);
    expect(await receiptsByVendor(vendor)).toHaveLength(1);
    expect({ version: created?.version, hasPhoto: created?.photoId !== null }).toEqual({ version: 1, hasPhoto: true });
    for (const receiptId of [created!.id, existing.id]) {
      expect(await server.app.services.db.$count(receiptPhotos, eq(receiptPhotos.receiptId, receiptId))).toBe(1);
    }
    const [attached] = await server.app.services.db.select({ width: receiptPhotos.width }).from(receiptPhotos).where(eq(receiptPhotos.receiptId, existing.id));
    expect(attached?.width).toBe(480);
  });

  it('keeps the photo of an offline receipt the server asks to confirm (dated ahead): Save anyway sends it with its photo', async () => {
    const vendor = unique('Ahead');
    await open(employee, 'Receipts');
    await employeeOffline();
    await saveNewReceipt(vendor, '5', { photo: { name: 'IMG_3101.JPG', buffer: await jpegWithGps(320, 240) }, date: dayjs().add(10, 'day').format('YYYY-MM-DD') });
    await waitingBadge(employee).filter({ hasText: '1 change waiting' }).waitFor();
    await employeeOnline();

    const unsent = employee.getByTestId('unsent-write').filter({ hasText: `New receipt: ${vendor}` });
    await unsent.getByText('with photo IMG_3101.JPG', { exact: false }).waitFor();
    expect(await receiptsByVendor(vendor)).toHaveLength(0);
    await unsent.getByRole('button', { name: 'Save anyway' }).click();
    await unsent.waitFor({ state: 'hidden' });
    const thumbnail = employee.getByRole('row').filter({ hasText: vendor }).getByRole('button', { name: /^View photo of receipt/ }).locator('img');
    await thumbnail.waitFor();
    const [landed] = await receiptsByVendor(vendor);
    expect(await server.app.services.db.$count(receiptPhotos, eq(receiptPhotos.receiptId, landed!.id))).toBe(1);
  });

  it('shows an offline edit that met a newer version in the conflict dialog, with both versions, and saves the choice', async () => {
    const vendor = unique('Contested');
    const receipt = await createReceiptAsEmployee(vendor, 1000);
    await open(employee, 'Receipts');
    await employee.getByRole('button', { name: `Edit receipt $10.00 at ${vendor}` }).waitFor();
    await employeeOffline();
    await employee.getByRole('button', { name: `Edit receipt $10.00 at ${vendor}` }).click();
    const form = employee.getByRole('dialog', { name: 'Edit receipt' });
    await form.getByLabel('Amount').fill('15');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await waitingBadge(employee).filter({ hasText: '1 change waiting' }).waitFor();

    // Meanwhile an admin corrects the amount.
    await as('mutation ($id: ID!, $version: Int!) { updateReceipt(id: $id, version: $version, input: { amountCents: 1111 }) { __typename } }', receipt, server.tokens.admin);
    await employeeOnline();

    const unsent = employee.getByTestId('unsent-write').filter({ hasText: 'Changed receipt: amount $15.00' });
    await unsent.waitFor();
    await employee.getByTestId('outbox-unsent').filter({ hasText: '1 not saved' }).waitFor();
    await unsent.getByRole('button', { name: 'Compare versions' }).click();
    const conflict = employee.getByRole('dialog', { name: 'Someone else changed this entry' });
    const amountRow = conflict.getByRole('row').filter({ hasText: 'Amount' });
    expect(await amountRow.getByRole('cell').allTextContents()).toEqual(['Amount', '$15.00', '$11.11']);
    await conflict.getByRole('button', { name: 'Save mine' }).click();
    await unsent.waitFor({ state: 'hidden' });
    await waitingBadge(employee).waitFor({ state: 'hidden' });
    await employee.getByRole('button', { name: `Edit receipt $15.00 at ${vendor}` }).waitFor();
    const [saved] = await receiptsByVendor(vendor);
    expect({ amountCents: saved?.amountCents, version: saved?.version }).toEqual({ amountCents: 1500, version: 3 });
  });

  it('shows why the server refused an offline edit on the page (approved meanwhile), and never blocks the writes after it', async () => {
    const locked = unique('Approved');
    const after = unique('After');
    const receipt = await createReceiptAsEmployee(locked, 2000);
    await open(employee, 'Receipts');
    await employee.getByRole('button', { name: `Edit receipt $20.00 at ${locked}` }).waitFor();
    await employeeOffline();
    await employee.getByRole('button', { name: `Edit receipt $20.00 at ${locked}` }).click();
    const form = employee.getByRole('dialog', { name: 'Edit receipt' });
    await form.getByLabel('Description').fill('Printer paper');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'hidden' });
    await saveNewReceipt(after, '3');
    await waitingBadge(employee).filter({ hasText: '2 changes waiting' }).waitFor();

    const { submitReceipt } = await as<{ submitReceipt: { version: number } }>(
      'mutation ($id: ID!, $version: Int!) { submitReceipt(id: $id, version: $version) { ... on Receipt { version } } }',
      receipt,
      server.tokens.employee,
    );
    await as('mutation ($id: ID!, $version: Int!) { approveReceipt(id: $id, version: $version) { __typename } }', { id: receipt.id, version: submitReceipt.version }, server.tokens.admin);
    await employeeOnline();

    const refused = employee.getByTestId('unsent-write').filter({ hasText: 'Changed receipt: description Printer paper' });
    await refused.getByText(/approved/i).waitFor();
    // The write queued after the refused one was sent.
    await employee.getByRole('cell', { name: after, exact: true }).waitFor();
    expect(await receiptsByVendor(after)).toHaveLength(1);
    const [unchanged] = await receiptsByVendor(locked);
    expect(unchanged?.description ?? null).not.toBe('Printer paper');
    await refused.getByRole('button', { name: 'Dismiss' }).click();
    await refused.waitFor({ state: 'hidden' });
    expect(await employee.getByTestId('outbox-unsent').count()).toBe(0);
  });
});
