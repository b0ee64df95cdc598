import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../server/db/schema';
import { demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { graphqlData, postGraphQL } from '../support/graphql-client';
import { rawClient } from '../support/raw-websocket';
import { subscribe } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

describe.each(engines)('sessions for phones on $name', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.stop());

  const signIn = async (email: string, deviceName?: string, password = demoPassword) =>
    (await graphqlData(server.url, 'mutation ($email: String!, $password: String!, $device: String) { login(email: $email, password: $password, deviceName: $device) { __typename ... on Session { token id expiresAt } } }', { email, password, device: deviceName })).login;
  const codeOf = async (token: string) => {
    const { status, body } = await postGraphQL(server.url, '{ me { id } }', {}, token);
    return status === 200 ? 'OK' : String(body.errors?.[0]?.extensions?.code);
  };
  const employeeId = async (token: string) => (await graphqlData(server.url, '{ me { id } }', {}, token)).me.id as string;

  it('moves an idle session\'s end forward with use, never past the maximum', async () => {
    const session = await signIn('elena@staffsync.example');
    const db = server.app.services.db;
    const soon = new Date(Date.now() + 60_000);
    await db.update(sessions).set({ expiresAt: soon, lastUsedAt: new Date(Date.now() - 5 * 60_000) }).where(eq(sessions.id, session.id));
    expect(await codeOf(session.token)).toBe('OK');
    const [slid] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(slid!.expiresAt.getTime()).toBeGreaterThan(soon.getTime() + 86_400_000);
    expect(slid!.expiresAt.getTime()).toBeLessThanOrEqual(slid!.absoluteExpiresAt!.getTime());
    // Unused past its end, it is over. Going around the server, which keeps a token's check until its next
    // recorded use or its end, the test tells it, as the server's own writes to sessions do.
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1_000) }).where(eq(sessions.id, session.id));
    server.app.services.authority.forget(slid!.employeeId);
    expect(await codeOf(session.token)).toBe('SESSION_EXPIRED');
  });

  it('lists the devices signed in, signs one out (its socket closes at once), then all the others', async () => {
    const phone = await signIn('fatima@staffsync.example', 'Fatima’s phone');
    const tablet = await signIn('fatima@staffsync.example', 'Fatima’s tablet');
    const laptop = await signIn('fatima@staffsync.example', 'Fatima’s laptop');
    const { sessions: listed } = await graphqlData(server.url, '{ sessions { id deviceName current lastUsedAt } }', {}, laptop.token);
    expect(listed.map((session: { deviceName: string; current: boolean }) => [session.deviceName, session.current])).toEqual(
      expect.arrayContaining([['Fatima’s phone', false], ['Fatima’s tablet', false], ['Fatima’s laptop', true]]),
    );
    const phoneSocket = await rawClient(server.wsUrl);
    phoneSocket.send({ type: 'connection_init', payload: { authorization: `Bearer ${phone.token}` } });
    await phoneSocket.next('connection_ack');
    const revoked = await graphqlData(server.url, 'mutation ($id: ID!) { revokeSession(id: $id) { __typename ... on RevokedSession { id } } }', { id: phone.id }, laptop.token);
    expect(revoked.revokeSession).toEqual({ __typename: 'RevokedSession', id: phone.id });
    expect(await phoneSocket.closed).toEqual({ code: 4403, reason: 'SESSION_REVOKED: Signed out from another device' });
    expect(await codeOf(phone.token)).toBe('SESSION_REVOKED');
    // Someone else's session is not yours to sign out.
    const other = await signIn('noah@staffsync.example');
    const refused = await graphqlData(server.url, 'mutation ($id: ID!) { revokeSession(id: $id) { __typename } }', { id: other.id }, laptop.token);
    expect(refused.revokeSession.__typename).toBe('NotFoundError');
    expect(await codeOf(other.token)).toBe('OK');

    const { signOutEverywhere } = await graphqlData(server.url, 'mutation { signOutEverywhere(keepThisOne: true) }', {}, laptop.token);
    expect(signOutEverywhere).toBeGreaterThanOrEqual(1);
    expect([await codeOf(tablet.token), await codeOf(laptop.token)]).toEqual(['SESSION_REVOKED', 'OK']);
  });

  it('changing one\'s password signs every other session out and keeps this one', async () => {
    const here = await signIn('grace@staffsync.example', 'here');
    const elsewhere = await signIn('grace@staffsync.example', 'elsewhere');
    const socket = subscribe(server.wsUrl, elsewhere.token);
    await socket.ready;
    const change = (currentPassword: string, newPassword: string) =>
      graphqlData(server.url, 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { __typename ... on PasswordChanged { signedOutSessions } ... on ValidationError { fields { field message } } } }', { c: currentPassword, n: newPassword }, here.token);
    expect((await change('not my password', 'a brand new passphrase')).changePassword.__typename).toBe('InvalidCredentialsError');
    expect((await change(demoPassword, 'short')).changePassword).toEqual({ __typename: 'ValidationError', fields: [{ field: 'newPassword', message: 'must be at least 10 characters' }] });
    expect((await change(demoPassword, 'a brand new passphrase')).changePassword).toEqual({ __typename: 'PasswordChanged', signedOutSessions: 1 });
    expect(await socket.closed).toBe(4403);
    expect([await codeOf(here.token), await codeOf(elsewhere.token)]).toEqual(['OK', 'SESSION_REVOKED']);
    expect((await signIn('grace@staffsync.example', undefined, demoPassword)).__typename).toBe('InvalidCredentialsError');
    expect((await signIn('grace@staffsync.example', undefined, 'a brand new passphrase')).__typename).toBe('Session');
  });

  it('an admin resetting a password, or deactivating an account, ends its sessions for good', async () => {
    const session = await signIn('liam@staffsync.example');
    const liam = await employeeId(session.token);
    const update = async (input: Record<string, unknown>) => {
      const { node } = await graphqlData(server.url, 'query ($id: ID!) { node(id: $id) { version } }', { id: liam }, server.tokens.admin);
      const { updateEmployee } = await graphqlData(server.url, 'mutation ($id: ID!, $v: Int!, $input: UpdateEmployeeInput!) { updateEmployee(id: $id, version: $v, input: $input) { __typename } }', { id: liam, v: node.version, input }, server.tokens.admin);
      expect(updateEmployee.__typename).toBe('Employee');
    };
    await update({ password: 'reset by the admin' });
    expect(await codeOf(session.token)).toBe('SESSION_REVOKED');

    const next = await signIn('liam@staffsync.example', undefined, 'reset by the admin');
    await update({ active: false });
    expect(await codeOf(next.token)).toBe('SESSION_REVOKED');
    await update({ active: true });
    // Reactivation revives no old session: only a new sign-in works.
    expect(await codeOf(next.token)).toBe('SESSION_REVOKED');
    expect((await signIn('liam@staffsync.example', undefined, 'reset by the admin')).__typename).toBe('Session');
  });
});
