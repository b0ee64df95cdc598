import { execFileSync } from 'node:child_process';

/** The soft open-files limit this process (and so every child it forks) runs under; null if unknown. */
export function openFileLimit(): number | null {
  try {
    const text = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
  } catch {
    return null;
  }
}

/**
 * Descriptors the busiest process needs for `subscribers` sockets: the server holds one per subscriber,
 * plus its database connections, the writer's HTTP connections, the refetch pool and its own files.
 */
export const descriptorsNeeded = (subscribers: number): number => subscribers + 512;

/** Why `subscribers` cannot run under `limit`, or null when it can. */
export function descriptorProblem(subscribers: number, limit: number | null): string | null {
  if (limit === null || limit >= descriptorsNeeded(subscribers)) return null;
  return (
    `ulimit -n is ${limit}, but ${subscribers.toLocaleString('en-US')} subscribers need about ` +
    `${descriptorsNeeded(subscribers).toLocaleString('en-US')} open files in the server process. ` +
    `Raise it in the shell that runs the bench, e.g. \`ulimit -n ${Math.max(65_536, descriptorsNeeded(subscribers))}\` ` +
    '(up to the hard limit `ulimit -Hn`), then run again.'
  );
}
