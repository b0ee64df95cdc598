import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphql } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';

const createReceipt = 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id } } }';
const changesAfter = 'query ($after: String) { changes(after: $after, first: 1000) { ... on ChangePage { changes { id } } } }';

describe.each(engines)('the sync cursor of query answers on $name', (engine) => {
  let server: TestServer;
  let field: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    field = (await demoIds(server.app.services.db)).field;
  });
  afterAll(() => server?.stop());

  it('answers a signed-in query with a cursor at or before its reads: a change committed after the answer follows it', async () => {
    const before = await graphql<{ receipts: { totalCount: number } }>(server.url, 'query { receipts(first: 1) { totalCount } }', {}, server.tokens.employee);
    const cursor = before.extensions?.syncCursor;
    expect(cursor).toEqual(expect.any(String));

    const input = { costCenterId: field, date: dayjs().format('YYYY-MM-DD'), amountCents: 1250, vendor: 'Staples', category: 'SUPPLIES' };
    const created = await graphql<{ createReceipt: { id: string } }>(server.url, createReceipt, { input }, server.tokens.employee);
    expect(created.extensions?.syncCursor).toBeUndefined();
    const after = await graphql<{ changes: { changes: Array<{ id: string }> } }>(server.url, changesAfter, { after: cursor }, server.tokens.employee);
    expect(after.data?.changes.changes.map((change) => change.id)).toContain(created.data?.createReceipt.id);

    // Once this instance has read the change, an answer's cursor is the head of the log, as syncCursor says.
    await expect
      .poll(async () => {
        const now = await graphql<{ syncCursor: string }>(server.url, 'query { syncCursor }', {}, server.tokens.employee);
        return now.extensions?.syncCursor === now.data?.syncCursor;
      })
      .toBe(true);
  });

  it('gives none to signed-out operations and to queries that read no data', async () => {
    expect(await graphql(server.url, 'query { __typename }')).toEqual({ data: { __typename: 'Query' } });
    expect(await graphql(server.url, 'query { __typename }', {}, server.tokens.employee)).toEqual({ data: { __typename: 'Query' } });
    const refused = await graphql(server.url, 'query { syncCursor }').catch((error: unknown) => String(error));
    expect(refused).toMatch(/HTTP 401/);
  });
});
