import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A private PostgreSQL cluster for one test file: its own data directory in a fresh temporary folder,
 * its own TCP port on 127.0.0.1, trust authentication for the `postgres` role. Unlike the shared
 * database at TEST_DATABASE_URL, a test may stop and start it at will (fault injection).
 */
export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** The temporary folder holding the data directory, the socket and the server log. */
  folder: string;
  /** Whether the server is running (as far as this helper knows). */
  readonly running: boolean;
  /** Fast shutdown (`pg_ctl stop -m fast`): open sessions are terminated, the port closes. */
  stop(): Promise<void>;
  /** Starts the same cluster again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server (if running) and deletes the folder. */
  destroy(): Promise<void>;
  /** The server log so far (for failure messages). */
  log(): string;
}

export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
  /** When the tests run as root (initdb refuses to), commands run as this user instead. */
  runAs: { user: string; uid: number; gid: number } | null;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function tryRun(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function binDirectories(): string[] {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  const fromConfig = tryRun('pg_config', ['--bindir']);
  if (fromConfig) candidates.push(fromConfig);
  // Debian and Ubuntu keep one folder per major version here; prefer the newest.
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  return candidates;
}

function findBinaries(): PostgresBinaries | null {
  let runAs: PostgresBinaries['runAs'] = null;
  if (isRoot) {
    const uid = Number(tryRun('id', ['-u', 'postgres']));
    const gid = Number(tryRun('id', ['-g', 'postgres']));
    if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid <= 0) return null;
    runAs = { user: 'postgres', uid, gid };
  }
  for (const directory of binDirectories()) {
    const initdb = join(directory, 'initdb');
    const pgCtl = join(directory, 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl)) return { initdb, pgCtl, runAs };
  }
  return null;
}

/** initdb and pg_ctl, or null when this machine cannot run a throwaway cluster (tests then skip). */
export const postgresBinaries: PostgresBinaries | null = findBinaries();

/** Whether runuser exists (util-linux); otherwise `su` is used to drop root. */
const hasRunuser = isRoot && tryRun('runuser', ['--version']) !== null;

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The command line running a PostgreSQL tool, as the unprivileged user when we are root. */
function commandLine(binaries: PostgresBinaries, command: string, args: string[]): [string, string[]] {
  if (!binaries.runAs) return [command, args];
  if (hasRunuser) return ['runuser', ['-u', binaries.runAs.user, '--', command, ...args]];
  return ['su', [binaries.runAs.user, '-s', '/bin/sh', '-c', [command, ...args].map(shellQuote).join(' ')]];
}

/** Runs a PostgreSQL tool; rejects with its output on failure. */
function run(binaries: PostgresBinaries, command: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [file, argv] = commandLine(binaries, command, args);
  return new Promise((resolve, reject) => {
    // stdin ignored; pg_ctl hands the server's output to the log file (-l), so these pipes close when it exits.
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'exit', not 'close': should a grandchild keep a pipe open, we must not wait for it.
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command.split('/').pop()} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

/** A TCP port that was free a moment ago (listen on port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** Clusters still running when the process exits are shut down (immediate mode) and deleted, so none outlive a crashed run. */
const live = new Map<string, () => void>();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const kill of live.values()) {
      try {
        kill();
      } catch {
        // best effort
      }
    }
  });
}

/**
 * initdb in a fresh temporary folder, then starts the cluster on a free port (fsync off, TCP on
 * 127.0.0.1 only, the unix socket inside the folder). Throws when the binaries are missing.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const binaries = postgresBinaries;
  if (!binaries) throw new Error('initdb and pg_ctl were not found (install PostgreSQL server binaries, or set PG_BINDIR)');
  const folder = mkdtempSync(join(tmpdir(), 'staffsync-pg-'));
  if (binaries.runAs) chownSync(folder, binaries.runAs.uid, binaries.runAs.gid);
  const dataDir = join(folder, 'data');
  const logFile = join(folder, 'postgres.log');
  const pgCtl = (args: string[], timeoutMs?: number) => run(binaries, binaries.pgCtl, args, timeoutMs);

  try {
    await run(binaries, binaries.initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }

  const port = await freePort();
  let running = false;
  // pg_ctl hands these to the server through a shell, hence the quoting.
  const serverOptions = `-p ${port} -k ${shellQuote(folder)} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;

  const start = async () => {
    await pgCtl(['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', serverOptions, 'start']);
    running = true;
  };
  const stop = async () => {
    await pgCtl(['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
    running = false;
  };

  installExitHook();
  live.set(folder, () => {
    if (running) {
      const [file, argv] = commandLine(binaries, binaries.pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop']);
      execFileSync(file, argv, { stdio: 'ignore', timeout: 10_000 });
    }
    rmSync(folder, { recursive: true, force: true });
  });
  try {
    await start();
  } catch (error) {
    live.delete(folder);
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    folder,
    get running() {
      return running;
    },
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async destroy() {
      if (running) await stop().catch(() => pgCtl(['-D', dataDir, '-m', 'immediate', 'stop']).catch(() => {}));
      running = false;
      live.delete(folder);
      rmSync(folder, { recursive: true, force: true });
    },
    log() {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
  };
}
