import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArguments } from '../../server/build/start-command';
import { projectPath } from '../../server/project-root';
import { graphqlData } from '../support/graphql-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * `npm start` runs the compiled server (dist/server/main.js), not the sources: an import that tsx
 * resolves and Node's own resolver does not (a package subpath without its extension) would stop it
 * while every other test passed.
 */
describe('the compiled server, as npm start runs it', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess({ DATA_DIR: 'memory://', SEED_DEMO: '1', DOCUMENTS: 'any' }, { compiled: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('starts on the embedded database, is ready, signs in, answers queries, and stops cleanly on SIGTERM', async () => {
    const ready = await fetch(`${server.url}/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ready', engine: 'pglite' });
    const { login } = await graphqlData(server.url, 'mutation { login(email: "jordan@staffsync.example", password: "demo-password") { ... on Session { token } } }');
    const { me, shifts } = await graphqlData(server.url, '{ me { name } shifts(filter: { open: true }) { totalCount } }', {}, login.token);
    expect(me.name).toBe('Jordan Lee');
    expect(shifts.totalCount).toBeGreaterThanOrEqual(0);
    expect(await server.stop()).toBe(0);
  });

  it('is what the container runs too, with the same Node flags', () => {
    const commands = readFileSync(projectPath('deploy/Dockerfile'), 'utf8').split('\n').filter((line) => line.startsWith('CMD '));
    expect(JSON.parse(commands.at(-1)!.slice('CMD '.length))).toEqual(['node', ...startArguments()]);
  });
});
