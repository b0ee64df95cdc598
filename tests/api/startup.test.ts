import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config';
import { startApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { graphqlData } from '../support/graphql-client';

const root = new URL('../..', import.meta.url).pathname;

/** Runs `npm start`'s server entry with an environment and returns its exit code and output. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'staffsync-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a bad DATABASE_URL with a clear message and a non-zero exit', async () => {
    const { code, output } = await runServer({ DATABASE_URL: 'mysql://nope' });
    expect(code).not.toBe(0);
    expect(output).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  });

  it('refuses a bad PORT with a clear message and a non-zero exit', async () => {
    const { code, output } = await runServer({ PORT: 'eighty' });
    expect(code).not.toBe(0);
    expect(output).toMatch(/PORT: /);
  });

  it('reports an unreachable database and exits non-zero', async () => {
    const { code, output } = await runServer({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', PORT: '0' });
    expect(code).not.toBe(0);
    expect(output).toContain('StaffSync could not start');
  });

  it('keeps embedded data across a restart', async () => {
    const config = readConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    const first = await startApp({ config, log: createLogger(config) });
    const login = await graphqlData(first.url, 'mutation { login(email: "admin@staffsync.example", password: "demo-password") { ... on Session { token } } }');
    const token: string = login.login.token;
    const before = await graphqlData(first.url, '{ receipts { totalCount } costCenters { id } }', {}, token);
    const created = await graphqlData(
      first.url,
      'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id vendor } } }',
      { input: { costCenterId: before.costCenters[0].id, date: '2026-01-15', amountCents: 999, vendor: 'Kept across restarts', category: 'OTHER' } },
      token,
    );
    await first.stop();

    const second = await startApp({ config, log: createLogger(config) });
    const after = await graphqlData(second.url, 'query ($id: ID!) { receipts { totalCount } node(id: $id) { ... on Receipt { vendor } } }', { id: created.createReceipt.id }, token);
    await second.stop();
    expect(after.receipts.totalCount).toBe(before.receipts.totalCount + 1);
    expect(after.node).toEqual({ vendor: 'Kept across restarts' });
  });

  it('starts every new data folder from the same clean template, which no database writes to', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'staffsync-data-'));
    try {
      const config = readConfig({ PORT: '0', DATA_DIR: otherDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
      const app = await startApp({ config, log: createLogger(config) });
      const login = await graphqlData(app.url, 'mutation { login(email: "admin@staffsync.example", password: "demo-password") { ... on Session { token } } }');
      const found = await graphqlData(app.url, '{ receipts(filter: { search: "Kept across restarts" }) { totalCount } }', {}, login.login.token);
      await app.stop();
      expect(found.receipts.totalCount).toBe(0);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
