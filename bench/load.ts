import { nowMs, sleep } from './clock';
import type { ExpectedChange } from './protocol';
import { Histogram } from './stats';
import type { Writer } from './writer';

interface PoolEntry {
  id: string;
  version: number;
  /** An update is in flight: a second one would conflict on the version, so it waits its turn. */
  busy: boolean;
}

export interface LoadResult {
  /** Every write that succeeded: what each subscriber must receive. */
  changes: ExpectedChange[];
  creates: number;
  updates: number;
  failed: number;
  /** Writes given up on after the write timeout (they may still commit; their events are then "unexpected"). */
  timedOut: number;
  firstFailure: string | null;
  /** Writes sent more than 10 ms behind their schedule (the driver itself could not keep the rate). */
  lateSends: number;
  /** HTTP round trip of each successful write. */
  writeLatency: Histogram;
  startedAt: number;
  finishedAt: number;
}

/** One in this many writes is a create; the rest update receipts made earlier. */
const createEvery = 5;
/** Sequence numbers of the pool's receipts, apart from the run's so their field values differ. */
const poolSequence = 1_000_000;

/** Receipts for the updates to edit, made before any subscriber connects so they produce no expected event. */
export async function preparePool(writer: Writer, size: number): Promise<PoolEntry[]> {
  const pool: PoolEntry[] = [];
  for (let start = 0; start < size; start += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, size - start) }, (_, i) => writer.create(poolSequence + start + i)));
    for (const { id, version } of batch) pool.push({ id, version, busy: false });
  }
  return pool;
}

/** fetch() reports network failures as "fetch failed" with the reason in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${(error.cause as Error & { code?: string }).code ?? error.cause.message}` : '';
  return `${error.message}${cause}`;
}

const isTimeout = (error: unknown) => error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

/**
 * Sends writes open-loop at a fixed rate: each write leaves at its scheduled time whether or not earlier ones
 * have answered, so a slow server cannot slow the offered load down and hide its own latency. Updates go to
 * a receipt with no update in flight; when every receipt has one (a server far behind), a create goes instead.
 */
export async function runLoad(
  writer: Writer,
  pool: PoolEntry[],
  options: { rate: number; seconds: number; writeTimeoutMs: number },
): Promise<LoadResult> {
  const total = Math.round(options.rate * options.seconds);
  const intervalMs = 1000 / options.rate;
  const writeLatency = new Histogram();
  const changes: ExpectedChange[] = [];
  const result = { creates: 0, updates: 0, failed: 0, timedOut: 0, firstFailure: null as string | null, lateSends: 0 };
  const inFlight: Array<Promise<void>> = [];
  let cursor = 0;

  const freeEntry = (): PoolEntry | undefined => {
    for (let tried = 0; tried < pool.length; tried++) {
      const entry = pool[(cursor + tried) % pool.length]!;
      if (!entry.busy) {
        cursor = (cursor + tried + 1) % pool.length;
        return entry;
      }
    }
    return undefined;
  };

  const write = async (sequence: number): Promise<void> => {
    const entry = sequence % createEvery === 0 ? undefined : freeEntry();
    const signal = AbortSignal.timeout(options.writeTimeoutMs);
    const sentAt = nowMs();
    let retire = false;
    try {
      if (entry) {
        entry.busy = true;
        result.updates += 1;
        const { id, version } = await writer.update(entry.id, entry.version, sequence, signal);
        entry.version = version;
        changes.push({ key: `${id}:${version}`, sentAt, respondedAt: nowMs() });
      } else {
        result.creates += 1;
        const { id, version } = await writer.create(sequence, signal);
        changes.push({ key: `${id}:${version}`, sentAt, respondedAt: nowMs() });
        pool.push({ id, version, busy: false });
      }
      writeLatency.record(nowMs() - sentAt);
    } catch (error) {
      if (isTimeout(error)) {
        result.timedOut += 1;
        // The update may still commit, so this receipt's version is unknown: updating it again would conflict.
        retire = true;
      } else {
        result.failed += 1;
        result.firstFailure ??= describe(error);
      }
    } finally {
      if (entry) entry.busy = retire;
    }
  };

  const startedAt = nowMs();
  for (let sequence = 0; sequence < total; sequence++) {
    const due = startedAt + sequence * intervalMs;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    else if (wait < -10) result.lateSends += 1;
    inFlight.push(write(sequence));
  }
  await Promise.all(inFlight);
  return { ...result, changes, writeLatency, startedAt, finishedAt: nowMs() };
}
