import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { startTestServer, type TestServer } from '../support/test-server';

describe('GraphQL over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engines[0]!);
  });
  afterAll(() => server?.stop());

  it('passes every audit of the graphql-http package', async () => {
    const results = await auditServer({ url: `${server.url}/graphql` });
    const failures = results.filter((result) => result.status !== 'ok');
    expect(failures.map((failure) => `${failure.status}: ${failure.name} — ${failure.reason}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});
