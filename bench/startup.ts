import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMs, sleep } from './clock';
import { createThrowawayDatabase } from './database';
import { startArguments } from '../server/build/start-command';
import { embeddedSettings } from '../server/db/pglite-engine';
import { markdownTable, mb, ms } from './format';
import type { Verdicts } from './report';

const root = fileURLToPath(new URL('..', import.meta.url));

/** One way of starting the server, measured from the command to the first 200 from /ready. */
interface StartMeasure {
  readyMs: number;
  /** Resident memory of the server process once ready, before any client (no forced GC: as production runs). */
  rss: number;
}

/** How a start is made: `npm start`'s two steps on the compiled tree, or the server from its sources through tsx. */
type Launch = 'compiled' | 'sources';

const readyTimeoutMs = 60_000;

function residentBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((row) => row.startsWith('VmRSS:'));
  return Number(line?.replace(/\D/g, '') ?? Number.NaN) * 1024;
}

/** The URL the server prints once it listens (`StaffSync is running on …`). */
function announcedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /running on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (code ${code}) before it listened: ${output.slice(-300)}`)));
  });
}

async function untilReady(url: string, deadline: number): Promise<void> {
  for (;;) {
    const ok = await fetch(`${url}/ready`).then((response) => response.ok, () => false);
    if (ok) return;
    if (nowMs() > deadline) throw new Error(`${url}/ready did not answer 200 within ${readyTimeoutMs / 1000} s`);
    await sleep(10);
  }
}

/**
 * Starts the server the way `npm start` does (its freshness check, then the compiled entry; npm's own
 * start-up is left out) or the former way (tsx on the sources), with `env`, and stops it once measured.
 */
async function measureStart(launch: Launch, env: NodeJS.ProcessEnv): Promise<StartMeasure> {
  const startedAt = nowMs();
  if (launch === 'compiled') {
    const check = spawnSync(process.execPath, ['server/build/build-if-stale.mjs'], { cwd: root, stdio: 'inherit' });
    if (check.status !== 0) throw new Error('the build freshness check failed');
  }
  const args = launch === 'compiled' ? startArguments() : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await announcedUrl(child);
    await untilReady(url, startedAt + readyTimeoutMs);
    const readyMs = nowMs() - startedAt;
    return { readyMs, rss: residentBytes(child.pid!) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * RSS of PGlite alone once it has opened `dataDir` with the server's settings and answered a query: the
 * part of an embedded server's memory that is the engine (WASM code and memory), not StaffSync.
 */
function engineAloneRss(dataDir: string): number {
  const run = spawnSync(process.execPath, ['bench/pglite-alone.mjs', dataDir, embeddedSettings], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`PGlite alone failed: ${run.stderr.slice(-300)}`);
  return Number(run.stdout.trim());
}

function serverEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  return { ...env, ...extra };
}

/**
 * Start-up of a production server, before any client: time from the command to a ready /ready and the
 * memory it then holds, on the embedded database (a new data folder, then the same folder again: a restart)
 * and on PostgreSQL, for `npm start` (compiled) beside the former start from the sources through tsx.
 */
export async function benchStartup(databaseUrl: string | undefined, verdicts: Verdicts): Promise<string> {
  const rows: string[][] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'staffsync-start-'));
  const cases: Array<{ name: string; env: () => Promise<{ env: NodeJS.ProcessEnv; done(): Promise<void> }>; readyTarget: number; embedded: boolean }> = [
    {
      name: 'embedded database, new data folder (demo data seeded)',
      readyTarget: 4_000,
      embedded: true,
      env: async () => {
        const folder = mkdtempSync(join(dataDir, 'new-'));
        return { env: serverEnv({ DATA_DIR: folder }), done: async () => rmSync(folder, { recursive: true, force: true }) };
      },
    },
    {
      name: 'embedded database, existing data folder (a restart)',
      readyTarget: 4_000,
      embedded: true,
      env: async () => ({ env: serverEnv({ DATA_DIR: join(dataDir, 'kept') }), done: async () => {} }),
    },
  ];
  if (databaseUrl) {
    cases.push({
      name: 'PostgreSQL',
      readyTarget: 2_000,
      embedded: false,
      env: async () => {
        const database = await createThrowawayDatabase(databaseUrl);
        return { env: serverEnv({ DATABASE_URL: database.url }), done: () => database.drop() };
      },
    });
  }
  try {
    // The kept folder is created by a first start that is not measured: the measured one is a restart.
    await measureStart('compiled', serverEnv({ DATA_DIR: join(dataDir, 'kept') }));
    // A new data folder starts as a copy of the build's template, so it opens as the kept one does.
    const engineRss = engineAloneRss(join(dataDir, 'kept'));
    for (const { name, env, readyTarget, embedded } of cases) {
      const measured: Partial<Record<Launch, StartMeasure>> = {};
      for (const launch of ['compiled', 'sources'] as const) {
        const setup = await env();
        try {
          measured[launch] = await measureStart(launch, setup.env);
        } finally {
          await setup.done();
        }
      }
      const compiled = measured.compiled!;
      const readyPass = compiled.readyMs <= readyTarget;
      const rssPass = compiled.rss <= 120 * 1024 * 1024;
      verdicts.targets.push({ name: `/ready within ${readyTarget / 1000} s after npm start (${name})`, pass: readyPass });
      verdicts.targets.push({ name: `≤ 120 MiB RSS before clients (${name})`, pass: rssPass });
      rows.push([`${name}: command to /ready`, ms(compiled.readyMs), ms(measured.sources!.readyMs), '', `≤ ${readyTarget / 1000} s`, readyPass ? 'PASS' : 'FAIL']);
      rows.push([`${name}: RSS before clients`, mb(compiled.rss), mb(measured.sources!.rss), embedded ? mb(engineRss) : '', '≤ 120 MiB', rssPass ? 'PASS' : 'FAIL']);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [
    '### Start-up, before any client',
    '',
    markdownTable(['', 'npm start (compiled)', 'former start (tsx on the sources)', 'PGlite alone, same data folder', 'target', ''], rows),
    '- RSS as the process holds it once /ready answers (no forced GC). The former `npm start` also rebuilt the portal',
    '  first (about 5 s), not counted here; `npm start` rebuilds only when sources changed.',
    '- PGlite alone: a bare Node process opening the restart\'s data folder with the server\'s settings and answering',
    '  one query (`pglite-alone.mjs`): the embedded engine\'s own share of an embedded server\'s memory.',
  ].join('\n');
}
