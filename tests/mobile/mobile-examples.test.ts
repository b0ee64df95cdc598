import { readFileSync } from 'node:fs';
import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { catchUp, type Change } from './examples/catch-up';
import { liveUpdates } from './examples/live-updates';
import { changeAmount, saveReceipt } from './examples/safe-writes';
import { signIn } from './examples/sign-in';

const exampleFiles = ['sign-in.ts', 'catch-up.ts', 'live-updates.ts', 'safe-writes.ts'];

describe('README "For mobile apps"', () => {
  it.each(exampleFiles)('shows %s exactly as the tests run it', (file) => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL(`./examples/${file}`, import.meta.url), 'utf8');
    expect(readme).toContain(source.trim());
  });
});

describe.each(engines)('mobile examples on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  const receipt = () => ({ costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 1999, vendor: 'Gas & Go', category: 'FUEL' });

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  it('signs in and is refused with a wrong password', async () => {
    expect(await signIn(server.url, 'jordan@staffsync.example', 'demo-password')).toMatch(/^ss_/);
    await expect(signIn(server.url, 'jordan@staffsync.example', 'wrong')).rejects.toThrow('The email or password is wrong');
  });

  it('catches up after hours offline with every change since its cursor', async () => {
    const token = await signIn(server.url, 'jordan@staffsync.example', 'demo-password');
    const { syncCursor } = await graphqlData(server.url, '{ syncCursor }', {}, token);
    const made = [];
    for (let index = 0; index < 3; index++) made.push((await saveReceipt(server.url, token, { ...receipt(), amountCents: 100 + index })).id);
    const applied: Change[] = [];
    const cursor = await catchUp(server.url, token, syncCursor, (change) => applied.push(change));
    expect(applied.map((change) => change.id)).toEqual(made);
    expect(applied[2]).toMatchObject({ action: 'CREATE', node: { __typename: 'Receipt', amountCents: 102, vendor: 'Gas & Go' } });
    expect(await catchUp(server.url, token, cursor!, () => expect.fail('nothing new'))).toBe(cursor);
  });

  it('follows live updates from a cursor', async () => {
    const token = await signIn(server.url, 'jordan@staffsync.example', 'demo-password');
    const { syncCursor } = await graphqlData(server.url, '{ syncCursor }', {}, token);
    const offline = await saveReceipt(server.url, token, receipt());
    const cursor = { current: syncCursor as string };
    const seen: Change[] = [];
    const client = liveUpdates(server.wsUrl, token, cursor, (change) => seen.push(change), WebSocket);
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
    const online = await saveReceipt(server.url, token, receipt());
    await expect.poll(() => seen.map((change) => change.id), { timeout: 10_000 }).toEqual([offline.id, online.id]);
    expect(cursor.current).toBe(seen[1]!.cursor);
    await client.dispose();
  });

  it('retries a create safely and resolves a conflict', async () => {
    const token = await signIn(server.url, 'jordan@staffsync.example', 'demo-password');
    const created = await saveReceipt(server.url, token, receipt());
    expect(created).toMatchObject({ __typename: 'Receipt', version: 1 });
    const invalid = await saveReceipt(server.url, token, { ...receipt(), amountCents: -1 });
    expect(invalid).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'amountCents', message: 'must not be negative' }] });

    await changeAmount(server.url, server.tokens.supervisor, created.id!, 1, 2500);
    const mine = await changeAmount(server.url, token, created.id!, 1, 3000);
    expect(mine).toMatchObject({ __typename: 'Receipt', id: created.id, version: 3 });
  });
});
