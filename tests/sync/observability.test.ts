import { Writable } from 'node:stream';
import dayjs from 'dayjs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { settle, subscribe } from '../support/subscriber';
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
    const subscriber = subscribe(server.wsUrl, server.tokens.admin, { type: 'RECEIPT' });
    await subscriber.ready;
    await settle(100);
    await graphqlData(server.url, 'mutation Save($input: CreateReceiptInput!) { createReceipt(input: $input) { __typename } }', {
      input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: 1, vendor: 'Metrics', category: 'OTHER' },
    }, server.tokens.employee);
    await subscriber.waitFor(1);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^staffsync_open_sockets 1$/m);
    expect(metrics).toMatch(/^staffsync_active_subscriptions\{type="RECEIPT"\} 1$/m);
    expect(metrics).toMatch(/^staffsync_change_events_read_total [1-9]/m);
    expect(metrics).toMatch(/^staffsync_deliveries_total [1-9]/m);
    expect(metrics).toMatch(/^staffsync_fanout_latency_seconds_count [1-9]/m);
    expect(metrics).toMatch(/^staffsync_mutation_duration_seconds_count\{operation="Save"\} 1$/m);
    expect(metrics).toMatch(/^staffsync_slow_consumer_disconnects_total 0$/m);
    subscriber.close();
  });

  it('logs JSON lines with request ids, and one line per socket opened and closed', async () => {
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42', authorization: `Bearer ${server.tokens.admin}` },
      body: JSON.stringify({ query: 'query Who { me { name } }' }),
    });
    const subscriber = subscribe(server.wsUrl, server.tokens.admin);
    await subscriber.ready;
    subscriber.close();
    await settle(300);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'operation', requestId: 'req-42', operation: 'Who', kind: 'query' }));
    expect(lines.filter((line) => line.msg === 'socket opened').length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((line) => line.msg === 'socket closed').length).toBeGreaterThanOrEqual(2);
  });
});
