import type { PopulationSpec } from './population';
import type { SystemName } from './protocol';

/** Everything a bench run can be told through the environment, read and checked once. */
export interface BenchConfig {
  /** Fan-out runs, in order (BENCH_SUBSCRIBERS=1000@50,5000@10: subscribers @ changes/s; a count alone runs at `rate`). */
  fanOuts: FanOutRun[];
  /** Mutations per second of a fan-out run that names none (BENCH_RATE). */
  rate: number;
  /** How long mutations are sent (BENCH_SECONDS). */
  seconds: number;
  /** Sockets opened concurrently while connecting (BENCH_CONNECT_CONCURRENCY). */
  connectConcurrency: number;
  /** Sockets per client worker process, until `maxWorkers` is reached (BENCH_SOCKETS_PER_WORKER). */
  socketsPerWorker: number;
  /** Most client worker processes (BENCH_MAX_WORKERS). */
  maxWorkers: number;
  /** After the last mutation, how long to wait for stragglers before counting them lost (BENCH_DRAIN_SECONDS). */
  drainSeconds: number;
  /** A write with no response after this long is abandoned, so an overloaded server cannot stall the bench (BENCH_WRITE_TIMEOUT_SECONDS). */
  writeTimeoutSeconds: number;
  /** PostgreSQL server to make a throwaway database on; unset = PGlite in memory (BENCH_DATABASE_URL). */
  databaseUrl: string | undefined;
  /** Write a V8 CPU profile of each server child into this folder (BENCH_CPU_PROF_DIR). */
  cpuProfileDir: string | undefined;
  /** Measure start-up (time to /ready, memory before clients) first (BENCH_STARTUP=0 skips it). */
  startup: boolean;
  /** Measure the write path (creates as fast as answered) first (BENCH_WRITE_PATH=0 skips it). */
  writePath: boolean;
  /** Which systems to run (BENCH_SYSTEMS=staffsync,baseline). */
  systems: SystemName[];
  /** Realistic-scopes runs, in order (BENCH_SCOPES=1000@50,10000@10: employees @ changes/s; 0 skips them). */
  scopes: ScopesRun[];
}

/** One fan-out size: that many subscribers in one shared scope, at `rate` changes/s. */
export interface FanOutRun {
  subscribers: number;
  rate: number;
}

/** One realistic-scopes size: that many employees, 20 supervisors and 2 admins signed in, at `rate` changes/s. */
export interface ScopesRun {
  population: PopulationSpec;
  rate: number;
}

function scopesRuns(env: NodeJS.ProcessEnv): ScopesRun[] {
  const raw = env.BENCH_SCOPES?.trim();
  if (raw === '0') return [];
  return list(env, 'BENCH_SCOPES', '1000@50,10000@10').map((item) => {
    const [employees, rate] = item.replace(/_/g, '').split('@').map(Number);
    if (!Number.isInteger(employees) || !employees || employees <= 0 || !rate || !(rate > 0)) {
      throw new Error(`BENCH_SCOPES: "${item}" is not <employees>@<changes per second>`);
    }
    return { population: { employees, supervisors: 20, admins: 2 }, rate };
  });
}

function positiveNumber(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${key} must be a positive number, got "${raw}"`);
  return value;
}

function list(env: NodeJS.ProcessEnv, key: string, fallback: string): string[] {
  return (env[key]?.trim() || fallback)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function readBenchConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  // 0 skips the fan-out part (to run only the realistic scopes, say).
  const rate = positiveNumber(env, 'BENCH_RATE', 50);
  const fanOuts = (env.BENCH_SUBSCRIBERS?.trim() === '0' ? [] : list(env, 'BENCH_SUBSCRIBERS', '1000@50,5000@10,10000@10')).map((item) => {
    const [subscribers, ownRate] = item.replace(/_/g, '').split('@').map(Number);
    const run = { subscribers: subscribers ?? Number.NaN, rate: ownRate ?? rate };
    if (!Number.isInteger(run.subscribers) || run.subscribers <= 0 || !(run.rate > 0)) {
      throw new Error(`BENCH_SUBSCRIBERS: "${item}" is not <subscribers> or <subscribers>@<changes per second>`);
    }
    return run;
  });
  const systems = list(env, 'BENCH_SYSTEMS', 'staffsync,baseline,notice').map((item) => {
    if (item !== 'staffsync' && item !== 'baseline' && item !== 'notice') throw new Error(`BENCH_SYSTEMS: "${item}" is not staffsync, baseline or notice`);
    return item;
  });
  return {
    fanOuts,
    rate,
    seconds: positiveNumber(env, 'BENCH_SECONDS', 10),
    connectConcurrency: Math.round(positiveNumber(env, 'BENCH_CONNECT_CONCURRENCY', 200)),
    socketsPerWorker: Math.round(positiveNumber(env, 'BENCH_SOCKETS_PER_WORKER', 500)),
    maxWorkers: Math.round(positiveNumber(env, 'BENCH_MAX_WORKERS', 4)),
    drainSeconds: positiveNumber(env, 'BENCH_DRAIN_SECONDS', 30),
    writeTimeoutSeconds: positiveNumber(env, 'BENCH_WRITE_TIMEOUT_SECONDS', 15),
    databaseUrl: env.BENCH_DATABASE_URL?.trim() || undefined,
    cpuProfileDir: env.BENCH_CPU_PROF_DIR?.trim() || undefined,
    startup: env.BENCH_STARTUP?.trim() !== '0',
    writePath: env.BENCH_WRITE_PATH?.trim() !== '0',
    systems,
    scopes: scopesRuns(env),
  };
}

/**
 * Client worker processes for `subscribers`. Each graphql-ws client costs about 15 us of CPU per message,
 * so one process reading 1,000 sockets would spend 15 ms of every 20 ms on its own queue at 50 changes/s
 * and the bench would measure the clients; real subscribers are separate devices.
 */
export function clientWorkerCount(config: Pick<BenchConfig, 'socketsPerWorker' | 'maxWorkers'>, subscribers: number): number {
  return Math.min(config.maxWorkers, Math.max(1, Math.ceil(subscribers / config.socketsPerWorker)));
}
