import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { engines, postgresOnly } from '../support/engines';
import { graphqlFrom } from '../support/from-address';
import { startTestServer, type TestServer } from '../support/test-server';

const login = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { __typename ... on TooManyAttemptsError { retryAfterSeconds message } } }';

async function signIn(server: TestServer, address: string, email: string, password: string): Promise<string> {
  const result = await graphqlFrom<{ login: { __typename: string } }>(address, server.url, login, { email, password });
  return result.data!.login.__typename;
}

function tally(outcomes: string[]) {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

describe.each(engines)('sign-in limits on $name', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.stop());

  it('holds for 40 parallel attempts on one account from one address: at most 5 are checked, however they interleave', async () => {
    const attempts = Array.from({ length: 40 }, (_, index) => signIn(server, '127.0.0.2', 'priya@staffsync.example', index === 39 ? demoPassword : `wrong-${index}`));
    const outcomes = tally(await Promise.all(attempts));
    expect((outcomes.InvalidCredentialsError ?? 0) + (outcomes.Session ?? 0)).toBeLessThanOrEqual(5);
    expect(outcomes.TooManyAttemptsError).toBeGreaterThanOrEqual(35);
    // Throttled at this address, for this account.
    expect(await signIn(server, '127.0.0.2', 'priya@staffsync.example', demoPassword)).toBe('TooManyAttemptsError');
  });

  it('does not lock the real user out from elsewhere: the account is throttled at the guessing address only', async () => {
    for (let index = 0; index < 5; index++) expect(await signIn(server, '127.0.0.3', demoAccounts.employee, `guess-${index}`)).toBe('InvalidCredentialsError');
    expect(await signIn(server, '127.0.0.3', demoAccounts.employee, demoPassword)).toBe('TooManyAttemptsError');
    expect(await signIn(server, '127.0.0.4', demoAccounts.employee, demoPassword)).toBe('Session');
  });

  it('does not block other accounts at an address where one account is throttled', async () => {
    for (let index = 0; index < 6; index++) await signIn(server, '127.0.0.5', 'marcus@staffsync.example', `guess-${index}`);
    expect(await signIn(server, '127.0.0.5', 'marcus@staffsync.example', demoPassword)).toBe('TooManyAttemptsError');
    expect(await signIn(server, '127.0.0.5', 'elena@staffsync.example', demoPassword)).toBe('Session');
  });

  it('says how long to wait in minutes', async () => {
    for (let index = 0; index < 5; index++) await signIn(server, '127.0.0.6', 'liam@staffsync.example', `guess-${index}`);
    const result = await graphqlFrom<{ login: { retryAfterSeconds: number; message: string } }>('127.0.0.6', server.url, login, { email: 'liam@staffsync.example', password: 'x' });
    expect(result.data!.login.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(result.data!.login.message).toMatch(/try again in 15 min$/);
  });
});

// Two instances need one shared database server: PostgreSQL only (TEST_DATABASE_URL).
describe.skipIf(postgresOnly.length === 0)('sign-in limits across instances on postgres', () => {
  const engine = postgresOnly[0]!;
  let a: TestServer;
  let b: TestServer;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await engine.createDatabase();
    drop = database.drop;
    a = await startTestServer(engine, { databaseUrl: database.databaseUrl });
    b = await startTestServer(engine, { databaseUrl: database.databaseUrl });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await drop?.();
  });

  it('counts attempts on both instances together', async () => {
    const attempts = Array.from({ length: 40 }, (_, index) => signIn(index % 2 ? a : b, '127.0.0.7', 'grace@staffsync.example', `wrong-${index}`));
    const outcomes = tally(await Promise.all(attempts));
    expect(outcomes.InvalidCredentialsError).toBeLessThanOrEqual(5);
    expect(outcomes.TooManyAttemptsError).toBeGreaterThanOrEqual(35);
  });
});
