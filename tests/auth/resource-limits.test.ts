import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { graphqlData, postGraphQL } from '../support/graphql-client';
import { rawClient, type RawClient } from '../support/raw-websocket';
import { startTestServer, type TestServer } from '../support/test-server';

describe('limits per employee', () => {
  let server: TestServer;

  beforeAll(async () => {
    // The defaults (10 sockets and 100 operations per employee), not the lifted limits of the fan-out suites.
    server = await startTestServer(engines[0]!, { env: { SOCKETS_PER_EMPLOYEE: '10', SUBSCRIPTIONS_PER_EMPLOYEE: '100' } });
  });
  afterAll(() => server?.stop());

  async function signedIn(token: string): Promise<RawClient> {
    const client = await rawClient(server.wsUrl);
    client.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await Promise.race([client.next('connection_ack'), client.closed]);
    return client;
  }

  it('closes an employee\'s 11th socket with 1008, and refuses operations past 100 over all their sockets', async () => {
    const sockets = await Promise.all(Array.from({ length: 10 }, () => signedIn(server.tokens.employee)));
    const eleventh = await signedIn(server.tokens.employee);
    expect(await eleventh.closed).toEqual({ code: 1008, reason: expect.stringMatching(/^TOO_MANY_CONNECTIONS/) });
    // Someone else is not affected by Jordan's sockets.
    const other = await signedIn(server.tokens.supervisor);
    expect(other.socket.readyState).toBe(other.socket.OPEN);

    const query = 'subscription { dataChanged(type: RECEIPT) { id } }';
    for (let index = 0; index < 100; index++) sockets[index % 10]!.send({ id: `s${index}`, type: 'subscribe', payload: { query } });
    await expect.poll(async () => /^staffsync_active_operations (\d+)$/m.exec(await server.metrics())?.[1], { timeout: 10_000 }).toBe('100');
    sockets[0]!.send({ id: 'one-too-many', type: 'subscribe', payload: { query } });
    const refused = await sockets[0]!.next('error', 'one-too-many');
    expect(refused.payload).toEqual([expect.objectContaining({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })]);
    other.send({ id: 'still-fine', type: 'subscribe', payload: { query: '{ __typename }' } });
    expect((await other.next('next', 'still-fine')).payload).toEqual({ data: { __typename: 'Query' } });
    for (const socket of [...sockets, other]) socket.socket.close(1000);
  });

  it('refuses a list of 66,000 types at once instead of freezing on it', async () => {
    const types = Array.from({ length: 66_000 }, () => 'RECEIPT');
    const { body } = await postGraphQL(server.url, 'query ($types: [DataType!]) { changes(types: $types) { __typename } }', { types }, server.tokens.admin);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/more than 1000 items/);
    const { changes } = await graphqlData(server.url, 'query { changes(types: [RECEIPT, RECEIPT, MILEAGE], first: 1) { __typename } }', {}, server.tokens.admin);
    expect(changes.__typename).toBe('ChangePage');
  });
});
