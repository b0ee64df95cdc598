import { readFileSync } from 'node:fs';
import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readCursor } from '../../server/changelog/cursor';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startRestartableServer, type RestartableServer } from '../support/restartable-server';
import { catchUp, type Change } from './examples/catch-up';
import { DeviceStore } from './examples/device-store';
import { liveUpdates } from './examples/live-updates';
import { changeAmount, saveReceipt } from './examples/safe-writes';
import { ApiError, signIn } from './examples/sign-in';

const exampleFiles = ['sign-in.ts', 'catch-up.ts', 'device-store.ts', 'live-updates.ts', 'safe-writes.ts'];

describe('README "For mobile apps"', () => {
  it.each(exampleFiles)('shows %s exactly as the tests run it', (file) => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL(`./examples/${file}`, import.meta.url), 'utf8');
    expect(readme).toContain(source.trim());
  });
});

/**
 * A field app built from the README's examples alone: a device store, live updates with resume, and
 * what it saw. `sockets` counts the connections it opened.
 */
async function openFieldApp(server: RestartableServer, token: string) {
  const store = new DeviceStore();
  await store.refetch(server.url, token);
  const seen = { applied: [] as Change[], resyncs: [] as string[], signedOut: [] as string[], sockets: 0 };
  class CountedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      seen.sockets++;
    }
  }
  const live = liveUpdates(
    server.wsUrl,
    token,
    {
      cursor: () => store.cursor,
      apply: (change) => {
        seen.applied.push(change);
        store.apply(change);
      },
      resync: async (reason) => {
        seen.resyncs.push(reason);
        await store.refetch(server.url, token);
      },
      signedOut: (code) => seen.signedOut.push(code),
    },
    CountedWebSocket,
  );
  return { store, seen, live };
}

/** The receipts the server shows this token now, as id → version. */
async function serverView(server: RestartableServer, token: string): Promise<Map<string, number>> {
  const fresh = new DeviceStore();
  await fresh.refetch(server.url, token);
  return new Map([...fresh.receipts].map(([id, receipt]) => [id, receipt.version]));
}

const versionsOf = (store: DeviceStore) => new Map([...store.receipts].map(([id, receipt]) => [id, receipt.version]));

/** Log positions of the changes applied, in order: strictly increasing means no duplicate and no reordering. */
const positionsOf = (changes: Change[]) => changes.map((change) => readCursor(change.cursor).position);
const strictlyIncreasing = (values: number[]) => values.every((value, index) => index === 0 || value > values[index - 1]!);

describe.each(engines)('a field app built from the README, on $name', (engine) => {
  let server: RestartableServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let jordan: string;
  let priya: { id: string; token: string };
  const receipt = (vendor: string) => ({ costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 1999, vendor, category: 'FUEL' });
  const admin = () => server.current.tokens.admin;

  beforeAll(async () => {
    server = await startRestartableServer(engine);
    ids = await demoIds(server.current.app.services.db);
    jordan = await signIn(server.url, demoAccounts.employee, demoPassword, "Jordan's phone");
    const { login } = await graphqlData(server.url, 'mutation ($p: String!) { login(email: "priya@staffsync.example", password: $p) { ... on Session { token employee { id } } } }', { p: demoPassword });
    priya = { id: login.employee.id, token: login.token };
  }, 60_000);
  afterAll(() => server?.stop());

  it('signs in and is refused with a wrong password', async () => {
    await expect(signIn(server.url, demoAccounts.employee, 'wrong')).rejects.toThrow('The email or password is wrong');
  });

  it('survives a server restart: what was written while it was down arrives once, in order', async () => {
    const app = await openFieldApp(server, jordan);
    try {
      const before = await saveReceipt(server.url, jordan, receipt('Before restart'));
      await expect.poll(() => app.store.receipts.has(before.id!), { timeout: 15_000 }).toBe(true);

      await server.restart();
      // Written at once, before the app has reconnected: it must come from the replay.
      const during = await saveReceipt(server.url, jordan, receipt('While reconnecting'));
      await expect.poll(() => app.store.receipts.has(during.id!), { timeout: 30_000 }).toBe(true);
      const after = await saveReceipt(server.url, jordan, receipt('After restart'));
      await expect.poll(() => app.store.receipts.has(after.id!), { timeout: 15_000 }).toBe(true);

      expect(app.seen.applied.filter((change) => change.action === 'CREATE').map((change) => change.node?.vendor)).toEqual(['Before restart', 'While reconnecting', 'After restart']);
      expect(strictlyIncreasing(positionsOf(app.seen.applied))).toBe(true);
      expect(app.seen.sockets).toBeGreaterThan(1);
      expect(versionsOf(app.store)).toEqual(await serverView(server, jordan));
    } finally {
      await app.live.stop();
    }
  }, 90_000);

  it('drops a receipt given to someone else and shows one given to the user, live and after hours offline', async () => {
    const app = await openFieldApp(server, jordan);
    const mine = await saveReceipt(server.url, jordan, receipt('Given away'));
    const priyas = await saveReceipt(server.url, priya.token, receipt('Given to Jordan'));
    const reassign = (id: string, employeeId: string) =>
      graphqlData(server.url, 'mutation ($id: ID!, $input: UpdateReceiptInput!) { updateReceipt(id: $id, version: 1, input: $input) { __typename } }', { id, input: { employeeId } }, admin());
    try {
      await expect.poll(() => app.store.receipts.has(mine.id!), { timeout: 15_000 }).toBe(true);
      await reassign(mine.id!, priya.id);
      await expect.poll(() => app.store.receipts.has(mine.id!), { timeout: 15_000 }).toBe(false);
      await reassign(priyas.id!, ids.employee);
      await expect.poll(() => app.store.receipts.get(priyas.id!)?.vendor, { timeout: 15_000 }).toBe('Given to Jordan');
      expect(versionsOf(app.store)).toEqual(await serverView(server, jordan));
    } finally {
      await app.live.stop();
    }

    // The same moves, seen by a phone that was offline and catches up over HTTP.
    const offline = new DeviceStore();
    await offline.refetch(server.url, jordan);
    const [away, back] = [await saveReceipt(server.url, jordan, receipt('Away offline')), await saveReceipt(server.url, priya.token, receipt('Back offline'))];
    await reassign(away.id!, priya.id);
    await reassign(back.id!, ids.employee);
    const result = await catchUp(server.url, jordan, offline.cursor, (change) => offline.apply(change));
    expect(result).toEqual({ cursor: offline.cursor });
    expect(offline.receipts.has(away.id!)).toBe(false);
    expect(offline.receipts.get(back.id!)?.vendor).toBe('Back offline');
    expect(versionsOf(offline)).toEqual(await serverView(server, jordan));
  }, 60_000);

  it('resyncs when the server database is restored from a backup, and keeps no row the server lost', async () => {
    await server.backUp();
    const app = await openFieldApp(server, jordan);
    const offline = new DeviceStore();
    try {
      const lost = await saveReceipt(server.url, jordan, receipt('Lost in the restore'));
      await expect.poll(() => app.store.receipts.has(lost.id!), { timeout: 30_000 }).toBe(true);
      await offline.refetch(server.url, jordan);

      await server.restoreBackup();
      await expect.poll(() => app.seen.resyncs, { timeout: 30_000 }).toEqual(['AHEAD_OF_LOG']);
      await expect.poll(() => app.store.receipts.has(lost.id!), { timeout: 15_000 }).toBe(false);
      const next = await saveReceipt(server.url, jordan, receipt('After the restore'));
      await expect.poll(() => app.store.receipts.has(next.id!), { timeout: 15_000 }).toBe(true);
      expect(versionsOf(app.store)).toEqual(await serverView(server, jordan));
    } finally {
      await app.live.stop();
    }
    // A phone that was offline through it is told too, though the log has grown past its cursor again.
    expect(await catchUp(server.url, jordan, offline.cursor, () => expect.fail('no change applies across a restore'))).toEqual({ resync: 'RESTORED' });
  }, 120_000);

  it('retries writes safely and resolves a conflict', async () => {
    const created = await saveReceipt(server.url, jordan, receipt('Gas & Go'));
    expect(created).toMatchObject({ __typename: 'Receipt', version: 1 });
    const invalid = await saveReceipt(server.url, jordan, { ...receipt('Gas & Go'), amountCents: -1 });
    expect(invalid).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'amountCents', message: 'must not be negative' }] });

    await changeAmount(server.url, server.current.tokens.supervisor, created.id!, 1, 2500);
    const mine = await changeAmount(server.url, jordan, created.id!, 1, 3000);
    expect(mine).toMatchObject({ __typename: 'Receipt', id: created.id, version: 3 });
  });

  it('stops and tells the app when the session is signed out elsewhere, instead of reconnecting forever', async () => {
    const phone = await signIn(server.url, demoAccounts.employee, demoPassword, 'Old phone');
    const app = await openFieldApp(server, phone);
    const watcher = await openFieldApp(server, jordan);
    try {
      const first = await saveReceipt(server.url, jordan, receipt('Before sign-out'));
      await expect.poll(() => app.store.receipts.has(first.id!), { timeout: 15_000 }).toBe(true);

      // From the laptop: sign out every other device.
      await graphqlData(server.url, 'mutation { signOutEverywhere(keepThisOne: true) }', {}, jordan);
      await expect.poll(() => app.seen.signedOut, { timeout: 15_000 }).toEqual(['SESSION_REVOKED']);
      const socketsWhenSignedOut = app.seen.sockets;

      // Life goes on for the devices still signed in; the signed-out app opens no new socket.
      const later = await saveReceipt(server.url, jordan, receipt('After sign-out'));
      await expect.poll(() => watcher.store.receipts.has(later.id!), { timeout: 15_000 }).toBe(true);
      expect(app.seen.sockets).toBe(socketsWhenSignedOut);
      expect(app.store.receipts.has(later.id!)).toBe(false);
      const refused = await saveReceipt(server.url, phone, receipt('With the old token')).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ApiError);
      expect(refused).toMatchObject({ code: 'SESSION_REVOKED', status: 401 });
    } finally {
      await Promise.all([app.live.stop(), watcher.live.stop()]);
    }
  }, 60_000);
});
