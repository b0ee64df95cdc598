import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import dayjs from 'dayjs';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncStorage } from '../../client/adapters/async-storage';
import { fileStorage } from '../../client/adapters/file-storage';
import { ApiClient } from '../../client/api-client';
import { catchUp, SyncCursor, type Change } from '../../client/catch-up';
import { FileNotQueuedError, Outbox, type QueuedWrite } from '../../client/outbox';
import type { CreateReceiptInput } from '../../client/schema-types';
import { maxFileBytes, type OutgoingFile, type WriteOutcome } from '../../client/writes';
import { changeEvents, receiptPhotos, receipts } from '../../server/db/schema';
import { demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestServer, type TestServer } from '../support/test-server';

const runAppProcess = promisify(execFile);
const appProcess = new URL('./queue-in-new-process.ts', import.meta.url).pathname;
const today = dayjs().format('YYYY-MM-DD');

describe.each(engines)('the offline outbox, behind a network that fails for real, on $name', (engine) => {
  let server: TestServer;
  let proxy: TcpProxy;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let folder: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    proxy = await startTcpProxy(server.url);
    ids = await demoIds(server.app.services.db);
    folder = mkdtempSync(join(tmpdir(), 'staffsync-outbox-'));
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** An app on this device: its outbox in `directory`, talking through the proxy, recording outcomes. */
  function openApp(directory: string, token = server.tokens.employee) {
    const outcomes: Array<{ queued: QueuedWrite; outcome: WriteOutcome; file?: OutgoingFile }> = [];
    const setAside: string[] = [];
    // Short: every attempt through the cut proxy waits this long for an answer that cannot come.
    const api = new ApiClient(proxy.url, token, 2_000);
    const outbox = new Outbox({
      api,
      storage: fileStorage(directory),
      key: 'outbox',
      fields: { Receipt: 'id version vendor amountCents' },
      onOutcome: (queued, outcome, file) => outcomes.push({ queued, outcome, ...(file ? { file } : {}) }),
      onSetAside: (report) => setAside.push(report.reason),
    });
    return { api, outbox, outcomes, setAside };
  }
  const receipt = (vendor: string, amountCents = 500): CreateReceiptInput => ({ costCenterId: ids.field, date: today, amountCents, vendor, category: 'OTHER' });
  /** A photo as a phone's camera hands it over. */
  const snapshot = async (name: string, width = 800, height = 600): Promise<OutgoingFile> => {
    const bytes = await sharp({ create: { width, height, channels: 3, background: '#c33' } }).jpeg().toBuffer();
    return { bytes: new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name, type: 'image/jpeg' };
  };

  it('lands 50 writes queued offline across an app restart in a new process exactly once, in order', async () => {
    const device = join(folder, 'fifty');
    const run = `Offline-${Math.random().toString(36).slice(2, 8)}`;
    proxy.cut();
    try {
      const first = openApp(device);
      for (let index = 1; index <= 25; index++) {
        await first.outbox.queue({ action: 'create', typename: 'Receipt', input: { ...receipt(`${run} ${String(index).padStart(2, '0')}`), amountCents: 100 + index } });
      }
      expect(await first.outbox.flush()).toBe('offline');
      // The app is killed; a new process of it queues 25 more, still offline, and is killed too.
      const { stdout } = await runAppProcess(process.execPath, ['--import', 'tsx', appProcess, device, proxy.url, server.tokens.employee, ids.field, today, run, '26', '50']);
      expect(JSON.parse(stdout)).toEqual({ paused: 'offline', pending: 50 });
    } finally {
      proxy.restore();
    }
    const restarted = openApp(device);
    expect((await restarted.outbox.pending()).map((queued) => (queued.write as unknown as { input: { vendor: string } }).input.vendor)).toEqual(
      Array.from({ length: 50 }, (_, index) => `${run} ${String(index + 1).padStart(2, '0')}`),
    );
    expect(await restarted.outbox.flush()).toBeNull();
    expect(restarted.outcomes.map(({ outcome }) => outcome.status)).toEqual(Array(50).fill('applied'));

    // On the server: 50 receipts, one each, committed in the order they were queued.
    const db = server.app.services.db;
    const landed = await db.select({ id: receipts.id, vendor: receipts.vendor }).from(receipts).where(like(receipts.vendor, `${run} %`));
    expect(landed).toHaveLength(50);
    const creates = await db
      .select({ entityId: changeEvents.entityId })
      .from(changeEvents)
      .where(and(eq(changeEvents.action, 'CREATE'), inArray(changeEvents.entityId, landed.map((row) => row.id))))
      .orderBy(asc(changeEvents.position));
    const vendorOf = new Map(landed.map((row) => [row.id, row.vendor]));
    expect(creates.map((event) => vendorOf.get(event.entityId))).toEqual(Array.from({ length: 50 }, (_, index) => `${run} ${String(index + 1).padStart(2, '0')}`));
  }, 120_000);

  it('writes nothing twice when the connection drops after the server committed, before the answer arrived', async () => {
    const app = openApp(join(folder, 'dropped'));
    const vendor = `Dropped answer ${Math.random().toString(36).slice(2, 8)}`;
    const queued = await app.outbox.queue({ action: 'create', typename: 'Receipt', input: receipt(vendor) });
    proxy.dropNextAnswer();
    expect(await app.outbox.flush()).toBe('offline');
    const stored = () => server.app.services.db.select({ id: receipts.id }).from(receipts).where(eq(receipts.vendor, vendor));
    expect(await stored()).toHaveLength(1);
    expect((await app.outbox.pending()).map((write) => write.attempts)).toEqual([1]);

    expect(await app.outbox.flush()).toBeNull();
    const [row] = await stored();
    expect(app.outcomes).toEqual([{ queued: { ...queued, attempts: 2 }, outcome: { status: 'alreadyApplied', entity: expect.objectContaining({ id: row!.id, vendor }) } }]);
    expect(await stored()).toHaveLength(1);
  });

  it('answers a conflict and a rejection typed, overwrites nothing, and lets the writes after them through', async () => {
    const app = openApp(join(folder, 'refused'));
    const { createReceipt: mine } = await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id version } } }', { input: receipt('Conflicted') }, server.tokens.employee);
    // Offline, the employee changes the amount; meanwhile the supervisor changes it at the office.
    proxy.cut();
    await app.outbox.queue({ action: 'update', typename: 'Receipt', id: mine.id, version: 1, input: { amountCents: 999 } });
    await app.outbox.queue({ action: 'create', typename: 'Receipt', input: receipt('Negative', -5) });
    await app.outbox.queue({ action: 'create', typename: 'Receipt', input: receipt('After the refusals') });
    expect(await app.outbox.flush()).toBe('offline');
    await graphqlData(server.url, 'mutation ($id: ID!) { updateReceipt(id: $id, version: 1, input: { amountCents: 1234 }) { __typename } }', { id: mine.id }, server.tokens.supervisor);
    proxy.restore();

    expect(await app.outbox.flush()).toBeNull();
    expect(app.outcomes.map(({ outcome }) => outcome)).toEqual([
      { status: 'conflict', message: expect.any(String), current: expect.objectContaining({ id: mine.id, version: 2, amountCents: 1234 }) },
      { status: 'rejected', message: expect.any(String), fields: [{ field: 'amountCents', message: 'must not be negative' }] },
      { status: 'applied', entity: expect.objectContaining({ vendor: 'After the refusals', version: 1 }) },
    ]);
    const [kept] = await server.app.services.db.select({ amountCents: receipts.amountCents }).from(receipts).where(eq(receipts.id, mine.id));
    expect(kept!.amountCents).toBe(1234);
  });

  it('queues photos offline (a new receipt with one, and one for a receipt that exists), keeps their bytes across a restart, and lands each once', async () => {
    const device = join(folder, 'photos');
    const db = server.app.services.db;
    const vendor = `Photo offline ${Math.random().toString(36).slice(2, 8)}`;
    const { createReceipt: existing } = await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id version } } }', { input: receipt(`${vendor} earlier`) }, server.tokens.employee);
    const [newReceiptPhoto, laterPhoto] = [await snapshot('IMG_2001.JPG'), await snapshot('IMG_2002.JPG')];
    proxy.cut();
    try {
      const first = openApp(device);
      await first.outbox.queue({ action: 'create', typename: 'Receipt', input: receipt(vendor), photo: newReceiptPhoto });
      await first.outbox.queue({ action: 'attachPhoto', typename: 'Receipt', id: existing.id, photo: laterPhoto });
      // Over the server's limit: refused before anything is queued.
      const huge = { bytes: new Blob([new Uint8Array(maxFileBytes + 1)]), name: 'huge.jpg', type: 'image/jpeg' };
      await expect(first.outbox.queue({ action: 'attachPhoto', typename: 'Receipt', id: existing.id, photo: huge })).rejects.toThrow(FileNotQueuedError);
      expect(await first.outbox.flush()).toBe('offline');
      // The queue names the files; their bytes are kept beside it, as they are.
      expect((await first.outbox.pending()).map((queued) => queued.write)).toMatchObject([
        { action: 'create', photo: { name: 'IMG_2001.JPG', type: 'image/jpeg', sizeBytes: newReceiptPhoto.bytes.size } },
        { action: 'attachPhoto', photo: { name: 'IMG_2002.JPG', sizeBytes: laterPhoto.bytes.size } },
      ]);
      expect(readdirSync(device).filter((name) => name.endsWith('.bin'))).toHaveLength(2);
    } finally {
      proxy.restore();
    }
    // The app restarted; its first try of the new receipt loses its answer after the server committed.
    const restarted = openApp(device);
    proxy.dropNextAnswer();
    expect(await restarted.outbox.flush()).toBe('offline');
    expect(await restarted.outbox.flush()).toBeNull();
    expect(restarted.outcomes.map(({ outcome }) => outcome.status)).toEqual(['alreadyApplied', 'applied']);
    expect(readdirSync(device).filter((name) => name.endsWith('.bin'))).toEqual([]);

    // One receipt, with one photo, made in one CREATE; the existing receipt has its photo too.
    const created = await db.select({ id: receipts.id, photoId: receipts.photoId }).from(receipts).where(eq(receipts.vendor, vendor));
    expect(created).toHaveLength(1);
    for (const receiptId of [created[0]!.id, existing.id]) {
      const photos = await db.select({ id: receiptPhotos.id, width: receiptPhotos.width }).from(receiptPhotos).where(eq(receiptPhotos.receiptId, receiptId));
      expect(photos).toEqual([{ id: expect.any(String), width: 800 }]);
    }
    expect(await db.$count(changeEvents, eq(changeEvents.entityId, created[0]!.id))).toBe(1);
    expect(created[0]!.photoId).not.toBeNull();
  });

  it('hands back the photo of a write the server did not carry out (a date to confirm), so it can be sent again with it', async () => {
    const app = openApp(join(folder, 'confirm-photo'));
    const vendor = `Photo to confirm ${Math.random().toString(36).slice(2, 8)}`;
    const input = { ...receipt(vendor), date: dayjs().add(20, 'day').format('YYYY-MM-DD') };
    await app.outbox.queue({ action: 'create', typename: 'Receipt', input, photo: await snapshot('IMG_2101.JPG', 300, 200) });
    expect(await app.outbox.flush()).toBeNull();
    const [refused] = app.outcomes;
    expect(refused?.outcome).toMatchObject({ status: 'needsConfirmation', warnings: [{ code: 'FUTURE_DATE' }] });
    expect({ name: refused?.file?.name, type: refused?.file?.type, size: refused?.file?.bytes.size }).toEqual({ name: 'IMG_2101.JPG', type: 'image/jpeg', size: expect.any(Number) });
    await app.outbox.queue({ action: 'create', typename: 'Receipt', input, confirmWarnings: ['FUTURE_DATE'], photo: refused!.file! });
    expect(await app.outbox.flush()).toBeNull();
    expect(app.outcomes[1]?.outcome.status).toBe('applied');
    const [landed] = await server.app.services.db.select({ id: receipts.id }).from(receipts).where(eq(receipts.vendor, vendor));
    const photos = await server.app.services.db.select({ width: receiptPhotos.width }).from(receiptPhotos).where(eq(receiptPhotos.receiptId, landed!.id));
    expect(photos).toEqual([{ width: 300 }]);
  });

  it('keeps a write queued while the session is over, and sends it once the user signs in again', async () => {
    const { login } = await graphqlData(server.url, 'mutation ($p: String!) { login(email: "jordan@staffsync.example", password: $p, deviceName: "Old phone") { ... on Session { token } } }', { p: demoPassword });
    const app = openApp(join(folder, 'signed-out'), login.token);
    await graphqlData(server.url, 'mutation { logout }', {}, login.token);
    await app.outbox.queue({ action: 'create', typename: 'Receipt', input: receipt('Signed out') });
    expect(await app.outbox.flush()).toBe('signedOut');
    expect(await app.outbox.pending()).toHaveLength(1);
    app.api.signIn(server.tokens.employee);
    expect(await app.outbox.flush()).toBeNull();
    expect(app.outcomes.map(({ outcome }) => outcome.status)).toEqual(['applied']);
  });

  it('queues punches made offline with their device times, and sends them in order once: one shift with a break', async () => {
    const app = openApp(join(folder, 'punches'));
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    proxy.cut();
    for (const [punch, minutes] of [['clockIn', 40], ['startBreak', 30], ['endBreak', 20], ['clockOut', 5]] as const) {
      await app.outbox.queue({ action: 'punch', typename: 'Shift', punch, input: { at: minutesAgo(minutes), timeZone: 'Europe/Berlin', note: 'Offline shift' } });
    }
    expect(await app.outbox.flush()).toBe('offline');
    proxy.restore();
    expect(await app.outbox.flush()).toBeNull();
    expect(app.outcomes.map(({ outcome }) => outcome.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const shiftIds = new Set(app.outcomes.map(({ outcome }) => (outcome.status === 'applied' ? outcome.entity.id : null)));
    expect(shiftIds.size).toBe(1);

    // On the server: one closed shift with its break, kept at the device's times, and nothing twice.
    const [shiftId] = [...shiftIds];
    const { node } = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { ... on Shift { startedAt endedAt breaks { startedAt endedAt } } } }', { id: shiftId }, server.tokens.employee);
    expect(node.endedAt).not.toBeNull();
    expect(node.breaks).toHaveLength(1);
    expect(Math.abs(Date.parse(node.startedAt) - (Date.now() - 40 * 60_000))).toBeLessThan(60_000);
  });

  it('catches a restarted app up from its stored cursor without a socket, applying each change once', async () => {
    const directory = join(folder, 'cursor');
    const cursor = new SyncCursor(fileStorage(directory), 'cursor');
    const { syncCursor } = await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.employee);
    await cursor.write(syncCursor);
    const vendors = [`Caught up A ${Math.random().toString(36).slice(2, 6)}`, `Caught up B ${Math.random().toString(36).slice(2, 6)}`];
    for (const vendor of vendors) await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }', { input: receipt(vendor) }, server.tokens.employee);

    // A new app instance on the same storage (the process restarted).
    const applied: string[] = [];
    const options = { types: ['RECEIPT'] as const, nodeFields: '... on Receipt { id version vendor }', apply: (change: Change) => void applied.push(String(change.node?.vendor)) };
    expect(await catchUp(new ApiClient(proxy.url, server.tokens.employee), new SyncCursor(fileStorage(directory), 'cursor'), options)).toBeNull();
    expect(applied).toEqual(vendors);
    expect(await catchUp(new ApiClient(proxy.url, server.tokens.employee), new SyncCursor(fileStorage(directory), 'cursor'), options)).toBeNull();
    expect(applied).toEqual(vendors);
  });

  it('keeps its queue in React Native\'s AsyncStorage through the adapter', async () => {
    // AsyncStorage's interface over a Map: the adapter is the code a React Native app runs.
    const items = new Map<string, string>();
    const store = { getItem: async (key: string) => items.get(key) ?? null, setItem: async (key: string, value: string) => void items.set(key, value), removeItem: async (key: string) => void items.delete(key) };
    const vendor = `Async storage ${Math.random().toString(36).slice(2, 6)}`;
    proxy.cut();
    const before = new Outbox({ api: new ApiClient(proxy.url, server.tokens.employee, 2_000), storage: asyncStorage(store), key: 'outbox' });
    await before.queue({ action: 'create', typename: 'Receipt', input: receipt(vendor) });
    expect(await before.flush()).toBe('offline');
    proxy.restore();
    const statuses: string[] = [];
    const after = new Outbox({ api: new ApiClient(proxy.url, server.tokens.employee), storage: asyncStorage(store), key: 'outbox', onOutcome: (_queued, outcome) => statuses.push(outcome.status) });
    expect(await after.flush()).toBeNull();
    expect(statuses).toEqual(['applied']);
    expect(await server.app.services.db.$count(receipts, eq(receipts.vendor, vendor))).toBe(1);
  });

  it('sets aside a corrupted or foreign outbox instead of replaying it', async () => {
    for (const [name, stored] of [['corrupted', '{"format":"staffsync-outbox","version":1,"writes":[{"localId":'], ['foreign', JSON.stringify({ format: 'another-app', writes: [] })], ['tampered', JSON.stringify({ format: 'staffsync-outbox', version: 1, writes: [{ localId: 'a', idempotencyKey: 'k', queuedAt: '2026-12-01T00:00:00Z', attempts: 0, write: { action: 'drop', typename: 'Receipt' } }] })]] as const) {
      const directory = join(folder, name);
      await fileStorage(directory).write('outbox', stored);
      const app = openApp(directory);
      expect(await app.outbox.pending()).toEqual([]);
      expect(app.setAside).toHaveLength(1);
      expect(await fileStorage(directory).read('outbox')).toBeNull();
    }
  });
});
