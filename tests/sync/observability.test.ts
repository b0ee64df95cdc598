import { Writable } from 'node:stream';
import dayjs from 'dayjs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { subscribe } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

describe('observability', () => {
  let server: TestServer;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    server = await startTestServer(engines[0]!, { app: { log: pino({ level: 'info' }, sink) } });
  });
  afterAll(() => server?.stop());

  it('answers /health and /ready', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: true, migrations: true, listener: true } });
  });

  it('exports sockets, subscriptions, events, deliveries, fan-out latency and mutation durations', async () => {
    const ids = await demoIds(server.app.services.db);
    const { syncCursor } = await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.admin);
    const subscriber = subscribe(server.wsUrl, server.tokens.admin, { type: 'RECEIPT', after: syncCursor });
    await subscriber.ready;
    await graphqlData(server.url, 'mutation Save($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }', {
      input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 1, vendor: 'Metrics', category: 'OTHER' },
    }, server.tokens.employee);
    await subscriber.waitFor(1);
    const metrics = await server.metrics();
    expect(metrics).toMatch(/^staffsync_open_sockets 1$/m);
    expect(metrics).toMatch(/^staffsync_active_subscriptions\{type="RECEIPT"\} 1$/m);
    expect(metrics).toMatch(/^staffsync_change_events_read_total [1-9]/m);
    expect(metrics).toMatch(/^staffsync_deliveries_total [1-9]/m);
    expect(metrics).toMatch(/^staffsync_fanout_latency_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^staffsync_mutation_duration_seconds_count\{mutation="createReceipt"\} 1$/m);
    expect(metrics).toMatch(/^staffsync_slow_consumer_disconnects_total 0$/m);
    subscriber.close();
  });

  it('logs JSON lines with request ids, one per socket signed in and closed, and one per subscription start and end on every transport', async () => {
    const ended = () => lines.filter((line) => line.msg === 'subscription ended').length;
    const endedBefore = ended();
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42', authorization: `Bearer ${server.tokens.admin}` },
      body: JSON.stringify({ query: 'query Who { me { name } }' }),
    });
    const started = () => lines.filter((line) => line.msg === 'subscription started').length;
    const startedBefore = started();
    const subscriber = subscribe(server.wsUrl, server.tokens.admin);
    await subscriber.ready;
    await expect.poll(started).toBe(startedBefore + 1);
    subscriber.close();
    const stream = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-request-id': 'sse-7', authorization: `Bearer ${server.tokens.admin}` },
      body: JSON.stringify({ query: 'subscription Watch { dataChanged { id } }' }),
    });
    await expect.poll(() => lines.some((line) => line.msg === 'subscription started' && line.requestId === 'sse-7')).toBe(true);
    await stream.body!.cancel();
    await expect.poll(ended).toBeGreaterThanOrEqual(endedBefore + 2);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'operation', requestId: 'req-42', operation: 'Who', kind: 'query' }));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'subscription ended', requestId: 'sse-7', operation: 'Watch', kind: 'subscription', durationMs: expect.any(Number) }));
    await expect.poll(() => lines.filter((line) => line.msg === 'socket closed').length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((line) => line.msg === 'socket signed in').length).toBeGreaterThanOrEqual(2);
  });

  it('answers a bad subscription argument with the same coded error over Server-Sent Events and over a socket', async () => {
    const query = 'subscription { dataChanged(after: "not-a-cursor") { id } }';
    const overHttp = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${server.tokens.admin}` },
      body: JSON.stringify({ query }),
    });
    const text = await overHttp.text();
    expect(text).toContain('BAD_CURSOR');
    const overSocket = subscribe(server.wsUrl, server.tokens.admin, { after: 'not-a-cursor' });
    await expect(overSocket.waitFor(1, 5_000)).rejects.toThrow(/BAD_CURSOR/);
    overSocket.close();
  });
});
