import { request } from 'node:http';
import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresOnly } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startServerProcess } from '../support/server-process';
import { subscribe, subscribeFromNow, type DataChangeEvent } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

// Several instances need one shared database server: PostgreSQL only (TEST_DATABASE_URL).
describe.skipIf(postgresOnly.length === 0)('instance faults on postgres', () => {
  const engine = postgresOnly[0]!;
  let a: TestServer;
  let databaseUrl: string;
  let drop: () => Promise<void>;
  let ids: Awaited<ReturnType<typeof demoIds>>;

  beforeAll(async () => {
    const database = await engine.createDatabase();
    databaseUrl = database.databaseUrl!;
    drop = database.drop;
    a = await startTestServer(engine, { databaseUrl });
    ids = await demoIds(a.app.services.db);
  });
  afterAll(async () => {
    await a?.stop();
    await drop?.();
  });

  const createReceipt = async (vendor: string) =>
    (await graphqlData(a.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } } }', {
      input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 1, vendor, category: 'OTHER' },
    }, a.tokens.employee)).createReceipt.id as string;

  /**
   * Starts a POST that the server has surely begun (it answered `100 Continue` to its headers) but cannot
   * finish until `send()` delivers its body: a request in flight, whenever the test chooses.
   */
  async function requestInFlight(url: string, query: string, token: string) {
    const body = JSON.stringify({ query });
    const outgoing = request(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, expect: '100-continue' },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      outgoing.on('response', (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: text }));
      });
      outgoing.on('error', reject);
    });
    await new Promise<void>((resolve) => outgoing.once('continue', () => resolve()));
    return { send: () => outgoing.end(body), response };
  }

  it('drains on SIGTERM: finishes in-flight requests, closes sockets with 1001, exits 0; clients resume on the other instance', async () => {
    const b = await startServerProcess({ DATABASE_URL: databaseUrl, SEED_DEMO: '0' });
    const onB = await subscribeFromNow(b, a.tokens.admin, { type: 'RECEIPT' });
    const before = await createReceipt('Before SIGTERM');
    await onB.waitFor(1);

    const inFlight = await requestInFlight(b.url, '{ mileageEntries(first: 1000) { totalCount nodes { id employee { name costCenters { code } } costCenter { name supervisors { name } } } } }', a.tokens.admin);
    const stoppingAt = Date.now();
    const exited = b.stop();
    // The process is draining (its sockets close with 1001) before the request's body arrives.
    expect(await onB.closed).toBe(1001);
    inFlight.send();
    const response = await inFlight.response;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).data.mileageEntries.nodes.length).toBeGreaterThan(0);
    expect(await exited).toBe(0);
    const drainMs = Date.now() - stoppingAt;
    expect(drainMs).toBeLessThan(10_000);

    const during = await createReceipt('While reconnecting');
    const onA = subscribe(a.wsUrl, a.tokens.admin, { type: 'RECEIPT', after: onB.events[0]!.cursor });
    await onA.waitFor(1);
    expect([...onB.events, ...onA.events].map((event) => event.id)).toEqual([before, during]);
    onA.close();
    console.info(`SIGTERM drain: exited 0 in ${drainMs} ms`);
  });

  it('survives kill -9 of an instance: its clients reconnect to the other and lose nothing', async () => {
    const b = await startServerProcess({ DATABASE_URL: databaseUrl, SEED_DEMO: '0' });
    const clients = 20;
    const received: DataChangeEvent[][] = Array.from({ length: clients }, () => []);
    const onB = await Promise.all(Array.from({ length: clients }, () => subscribeFromNow(b, a.tokens.admin, { type: 'RECEIPT' })));

    const made: string[] = [];
    for (let index = 0; index < 5; index++) made.push(await createReceipt(`Before kill ${index}`));
    await Promise.all(onB.map((subscriber) => subscriber.waitFor(5)));
    onB.forEach((subscriber, index) => received[index]!.push(...subscriber.events));

    const killedAt = Date.now();
    b.child.kill('SIGKILL');
    const codes = await Promise.all(onB.map((subscriber) => subscriber.closed));
    expect(new Set(codes)).toEqual(new Set([1006]));
    for (let index = 0; index < 5; index++) made.push(await createReceipt(`After kill ${index}`));

    const onA = onB.map((_, index) => subscribe(a.wsUrl, a.tokens.admin, { type: 'RECEIPT', after: received[index]!.at(-1)!.cursor }));
    await Promise.all(onA.map((subscriber) => subscriber.waitFor(5)));
    const recoveredMs = Date.now() - killedAt;
    for (let index = 0; index < 5; index++) made.push(await createReceipt(`Live again ${index}`));
    // A marker written last: once it arrives, anything sent twice before it has arrived too.
    made.push(await createReceipt('Marker'));
    await Promise.all(onA.map((subscriber) => subscriber.waitFor(11)));
    onA.forEach((subscriber, index) => {
      expect([...received[index]!, ...subscriber.events].map((event) => event.id)).toEqual(made);
      subscriber.close();
    });
    console.info(`kill -9: ${clients} clients resumed on the other instance within ${recoveredMs} ms, 0 lost, 0 duplicated`);
  });
});
