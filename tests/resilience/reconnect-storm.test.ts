import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';

const clients = 5_000;
const changes = 20;

/** A bare graphql-transport-ws client: init, one subscription from `after`, collect event ids. */
function resumingClient(url: string, token: string, after: string, expected: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const ids: string[] = [];
    const connect = (attempt: number) => {
      const socket = new WebSocket(url, 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription ($after: String) { dataChanged(type: RECEIPT, after: $after) { id } }', variables: { after } } }));
        } else if (message.type === 'next') {
          if (message.payload.errors) reject(new Error(JSON.stringify(message.payload.errors)));
          ids.push(message.payload.data.dataChanged.id);
          if (ids.length === expected) {
            socket.close(1000);
            resolve(ids);
          }
        }
      });
      socket.on('error', (error) => {
        // The listen backlog may refuse a few of 5,000 simultaneous connections; a real client retries.
        if (ids.length === 0 && attempt < 5) setTimeout(() => connect(attempt + 1), 100 * attempt);
        else reject(error);
      });
    };
    connect(1);
  });
}

describe('a reconnect storm', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(engines[engines.length - 1]!);
  });
  afterAll(() => server?.stop());

  it(`serves ${clients} clients resuming from cursors at once, and stays responsive`, async () => {
    const ids = await demoIds(server.app.services.db);
    const cursors: string[] = [];
    const made: string[] = [];
    for (let index = 0; index < changes; index++) {
      cursors.push((await graphqlData(server.url, '{ syncCursor }', {}, server.tokens.admin)).syncCursor);
      const { createReceipt } = await graphqlData(server.url, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } } }', {
        input: { costCenterId: ids.field, date: dayjs().format('YYYY-MM-DD'), amountCents: index, vendor: 'Storm', category: 'OTHER' },
      }, server.tokens.employee);
      made.push(createReceipt.id);
    }

    const started = performance.now();
    const storm = Array.from({ length: clients }, (_, client) => {
      const from = client % changes;
      return resumingClient(server.wsUrl, server.tokens.admin, cursors[from]!, changes - from).then((received) => ({ from, received }));
    });
    let stormEndedAt = Infinity;
    const stormEnded = Promise.all(storm).then((results) => {
      stormEndedAt = performance.now();
      return results;
    });
    // While the storm runs, an ordinary request is answered in its turn, not after every resume.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const probeStarted = performance.now();
    const probe = await graphqlData(server.url, '{ me { name } }', {}, server.tokens.supervisor);
    const probeEndedAt = performance.now();
    const probeMs = probeEndedAt - probeStarted;
    expect(probe.me.name).toBe('Sam Supervisor');

    const results = await stormEnded;
    const stormMs = stormEndedAt - started;
    for (const { from, received } of results) expect(received).toEqual(made.slice(from));
    console.info(`reconnect storm: ${clients} clients resumed (${results.reduce((sum, r) => sum + r.received.length, 0)} events replayed) in ${(stormMs / 1000).toFixed(1)} s; a query during the storm took ${probeMs.toFixed(0)} ms`);
    // Compared with the storm, not with a clock: on a loaded machine both take longer.
    expect(probeEndedAt, 'the query was answered only after the storm').toBeLessThan(stormEndedAt);
  }, 240_000);
});
