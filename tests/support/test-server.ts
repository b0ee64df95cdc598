import { createHash } from 'node:crypto';
import { startApp, type App, type AppOptions } from '../../server/app';
import { readConfig } from '../../server/config';
import { demoAccounts, demoPassword } from '../../server/db/seed-demo';
import { createLogger } from '../../server/logger';
import type { EngineUnderTest } from './engines';
import { postGraphQL } from './graphql-client';

/**
 * Suites that open hundreds of sockets with one demo account (fan-out, storms, fuzzing) lift the limits
 * per employee; tests/auth/resource-limits.test.ts checks the defaults.
 */
export const manySockets = { SOCKETS_PER_EMPLOYEE: '100000', SUBSCRIPTIONS_PER_EMPLOYEE: '100000' };

/** What test servers require of a metrics scraper. */
export const testMetricsToken = 'metrics-token-for-tests';

/** `extensions` naming a document by its SHA-256, as clients of trusted documents send it. */
export function persistedQuery(text: string): { persistedQuery: { version: 1; sha256Hash: string } } {
  return { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(text).digest('hex') } };
}

/**
 * How test servers sign the demo accounts in: by text and hash, so it works whatever documents the
 * server accepts (a test of trusted documents lists this one).
 */
export const demoSignIn = {
  text: 'mutation DemoSignIn($email: String!, $password: String!) { login(email: $email, password: $password) { ... on Session { token } ... on Error { message } } }',
};

export interface TestServer {
  app: App;
  url: string;
  /** ws://…/graphql */
  wsUrl: string;
  /** Every SQL statement the server ran, in order. */
  statements: string[];
  /** Bearer tokens of the demo accounts. */
  tokens: { admin: string; supervisor: string; employee: string };
  /** The text of /metrics, fetched with the test's metrics token. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real server on an ephemeral port over a fresh database of `engine`, seeded with the demo
 * data (known accounts, a few hundred entries), and signs in the three demo accounts.
 */
export async function startTestServer(
  engine: EngineUnderTest,
  options: { databaseUrl?: string; env?: Record<string, string>; app?: Partial<AppOptions> } = {},
): Promise<TestServer> {
  const database = options.databaseUrl ? { databaseUrl: options.databaseUrl, drop: async () => {} } : await engine.createDatabase();
  const config = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    SEED_DEMO: '1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    METRICS_TOKEN: testMetricsToken,
    ...manySockets,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...options.env,
  });
  const statements: string[] = [];
  const app = await startApp({
    config,
    log: createLogger(config),
    onQuery: (query) => statements.push(query),
    ...options.app,
  });
  const signIn = async (email: string) => {
    const { body: result } = await postGraphQL<{ login: { token: string } }>(app.url, demoSignIn.text, { email, password: demoPassword }, undefined, persistedQuery(demoSignIn.text));
    if (!result.data?.login.token) throw new Error(`demo sign-in failed for ${email}: ${JSON.stringify(result)}`);
    return result.data.login.token;
  };
  const [admin, supervisor, employee] = await Promise.all([
    signIn(demoAccounts.admin),
    signIn(demoAccounts.supervisor),
    signIn(demoAccounts.employee),
  ]);
  return {
    app,
    url: app.url,
    wsUrl: `${app.url.replace(/^http/, 'ws')}/graphql`,
    statements,
    tokens: { admin, supervisor, employee },
    metrics: async () => (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${testMetricsToken}` } })).text(),
    async stop() {
      await app.stop();
      await database.drop();
    },
  };
}
