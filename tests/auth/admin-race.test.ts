import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';

const fields = '__typename ... on Employee { id role } ... on ProtectedAccountError { reason }';

describe.each(engines)('two admins demoting each other on $name', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lets one win and keeps an active admin, every time', async () => {
    const ids = await demoIds(server.app.services.db);
    const password = 'race-password-22';
    const as = (token: string, query: string, variables: Record<string, unknown>) => graphqlData<any>(server.url, query, variables, token);
    const second = (await as(server.tokens.admin, 'mutation ($password: String!) { r: createEmployee(input: { name: "Race Admin", email: "race.admin@staffsync.example", role: ADMIN, password: $password }) { ... on Employee { id } } }', { password })).r;
    const secondToken = (await as('', 'mutation ($password: String!) { login(email: "race.admin@staffsync.example", password: $password) { ... on Session { token } } }', { password })).login.token as string;
    const version = async (id: string) => (await as(server.tokens.admin, 'query ($id: ID!) { node(id: $id) { ... on Employee { version } } }', { id })).node.version as number;
    const setRole = async (token: string, id: string, role: string) =>
      (await as(token, `mutation ($id: ID!, $version: Int!, $role: Role!) { r: updateEmployee(id: $id, version: $version, input: { role: $role }) { ${fields} } }`, { id, version: await version(id), role })).r;
    const activeAdmins = async () =>
      (await as(server.tokens.admin, '{ employees(first: 1000, filter: { active: true }) { nodes { id role } } }', {})).employees.nodes.filter((node: { role: string }) => node.role === 'ADMIN').length;

    for (let round = 0; round < 5; round++) {
      const [byDemoAdmin, bySecond] = await Promise.all([setRole(server.tokens.admin, second.id, 'EMPLOYEE'), setRole(secondToken, ids.admin, 'EMPLOYEE')]);
      const winners = [byDemoAdmin, bySecond].filter((result) => result.__typename === 'Employee');
      expect(winners).toHaveLength(1);
      // The loser is refused as the last admin, or, when it read its rights after the winner committed, as no admin at all.
      const loser = [byDemoAdmin, bySecond].find((result) => result.__typename !== 'Employee');
      expect(['ProtectedAccountError', 'ForbiddenError', 'NotFoundError']).toContain(loser.__typename);
      if (loser.__typename === 'ProtectedAccountError') expect(loser.reason).toBe('LAST_ADMIN');
      // Whoever is still an admin promotes the other back for the next round.
      if (byDemoAdmin.__typename === 'Employee') await setRole(server.tokens.admin, second.id, 'ADMIN');
      else await setRole(secondToken, ids.admin, 'ADMIN');
      expect(await activeAdmins()).toBe(2);
    }
  });
});
