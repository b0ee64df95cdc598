import { spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { nowMs, sleep } from './clock';
import { startFlags } from '../server/build/start-command';
import { forkChild, nextMessage, stopChild } from './children';
import { populationEnv, type Population, type PopulationSpec } from './population';
import type { DeliveryCounts, ServerCommand, ServerReport, SystemName } from './protocol';

export interface ServerMemory extends DeliveryCounts {
  rss: number;
  heapUsed: number;
  cpuMs: number;
  subscriptions: number;
}

export interface ServerCounters extends DeliveryCounts {
  cpuMs: number;
}

export interface ServerChild {
  url: string;
  process: ChildProcess;
  /** The people it seeded, when asked to (realistic scopes). */
  population: Population | undefined;
  /** Memory after a full GC in the child, its CPU time so far, and the subscriptions it holds. */
  memory(timeoutMs?: number): Promise<ServerMemory>;
  /** Its CPU time so far (ms) and delivery counts, without the forced GCs of `memory`. */
  counters(): Promise<ServerCounters>;
  startProfile(): void;
  /** Writes the CPU profile taken since startProfile() to `file`. */
  stopProfile(file: string): Promise<string | null>;
  stop(): Promise<void>;
}

/** The fan-out systems, and the write path's floor: graphql-yoga alone (yoga-floor-server.ts). */
export type ServerName = SystemName | 'yoga-floor';

const scripts: Record<ServerName, string> = {
  staffsync: './server-process.ts',
  baseline: './baseline-server.ts',
  notice: './baseline-server.ts',
  'yoga-floor': './yoga-floor-server.ts',
};

/** Environment of the StaffSync child: an ephemeral port, demo data, no logging, production behaviour. */
function staffSyncEnv(databaseUrl: string | undefined, population: PopulationSpec | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  return {
    ...env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    SEED_DEMO: '1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    // Thousands of subscribers share the demo admin's account here.
    SOCKETS_PER_EMPLOYEE: '1000000',
    SUBSCRIPTIONS_PER_EMPLOYEE: '1000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(population ? populationEnv(population) : {}),
  };
}

/** Whether servers can be pinned to one CPU here (Linux, util-linux installed). */
export const canPinToOneCpu = (): boolean => spawnSync('taskset', ['-V']).status === 0;

/** Lets every thread of `pid` run on the CPUs of `list` only (taskset's syntax); threads and children made later inherit it. */
function pinTo(pid: number, list: string): void {
  const result = spawnSync('taskset', ['-a', '-cp', list, String(pid)]);
  if (result.status !== 0) throw new Error(`taskset failed: ${result.stderr.toString().trim()}`);
}

/**
 * Pins a server to CPU 0, the way issue 12 measured "one core". Unless keepClientsOffTheServerCpu moves
 * them, the clients share every CPU, so the server competes with them on its one.
 */
const pinToOneCpu = (pid: number): void => pinTo(pid, '0');

/**
 * Keeps this process (the writer) and the processes it starts from now on (subscriber workers) off the
 * CPU the pinned server runs on, until the returned function puts it back on every CPU: "one core" for the
 * server then means a core of its own, as it would have in production, instead of one it shares with its
 * own load generator. PostgreSQL is a service of the machine and stays where the kernel puts it.
 */
export function keepClientsOffTheServerCpu(): () => void {
  const cpus = availableParallelism();
  if (cpus < 2) return () => {};
  pinTo(process.pid, `1-${cpus - 1}`);
  return () => pinTo(process.pid, `0-${cpus - 1}`);
}

/** Starts a system under test in its own process and waits until it listens. */
export async function startServerChild(
  system: ServerName,
  options: { databaseUrl?: string; population?: PopulationSpec; pinToOneCpu?: boolean },
): Promise<ServerChild> {
  const child = forkChild(scripts[system], {
    env: system === 'staffsync' ? staffSyncEnv(options.databaseUrl, options.population) : process.env,
    // StaffSync runs from its sources here, with the heap settings `npm start` gives the compiled server.
    nodeFlags: ['--expose-gc', ...(system === 'staffsync' ? startFlags() : [])],
  });
  if (options.pinToOneCpu && child.pid !== undefined) pinToOneCpu(child.pid);
  const { url, population } = await nextMessage<ServerReport, { url: string; population: Population | undefined }>(
    child,
    (report) => {
      if (report.kind === 'failed') throw new Error(`${system} server failed to start: ${report.message}`);
      return report.kind === 'ready' ? { url: report.url, population: report.population } : undefined;
    },
    120_000,
    `starting the ${system} server`,
  ).catch(async (error: unknown) => {
    await stopChild(child, 2_000);
    throw error;
  });

  /** Sends a reading's command and answers with the child's report of that kind. */
  const ask = <Kind extends 'memory' | 'counters'>(kind: Kind, timeoutMs: number) => {
    type Reading = Omit<Extract<ServerReport, { kind: Kind }>, 'kind'>;
    const answer = nextMessage<ServerReport, Reading>(
      child,
      (report) => {
        if (report.kind !== kind) return undefined;
        const { kind: _kind, ...reading } = report as { kind: Kind } & Reading;
        return reading as Reading;
      },
      timeoutMs,
      `${system} server ${kind}`,
    );
    child.send({ kind } as ServerCommand);
    return answer;
  };

  return {
    url,
    process: child,
    population,
    memory: (timeoutMs = 30_000) => ask('memory', timeoutMs),
    counters: () => ask('counters', 30_000),
    startProfile() {
      child.send({ kind: 'profile-start' } satisfies ServerCommand);
    },
    stopProfile(file) {
      const answer = nextMessage<ServerReport, string | null>(
        child,
        (report) => (report.kind === 'profiled' ? report.file : undefined),
        60_000,
        `${system} server CPU profile`,
      );
      child.send({ kind: 'profile-stop', file } satisfies ServerCommand);
      return answer;
    },
    stop: () => stopChild(child),
  };
}

/** Waits until the server reports holding `count` subscriptions (they register a little after the sockets open). */
export async function awaitHeld(server: ServerChild, count: number, timeoutMs: number): Promise<number> {
  const deadline = nowMs() + timeoutMs;
  for (;;) {
    const { subscriptions } = await server.memory();
    if (subscriptions >= count || nowMs() >= deadline) return subscriptions;
    await sleep(500);
  }
}
