import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Child processes of the bench, tracked so that every exit path (normal end, error, Ctrl-C) ends them: a
 * leftover server or worker holding 10,000 sockets would spoil the next run.
 */
const children = new Set<ChildProcess>();

export function forkChild(script: string, options: { env?: NodeJS.ProcessEnv; nodeFlags?: string[] } = {}): ChildProcess {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    // TypeScript children run through tsx, like the driver; flags such as --expose-gc come after it.
    execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
    env: options.env ?? process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** The first message from `child` that `pick` accepts; fails if the child exits or `timeoutMs` passes first. */
export function nextMessage<Message, Result>(
  child: ChildProcess,
  pick: (message: Message) => Result | undefined,
  timeoutMs: number,
  what: string,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    // `pick` may throw to turn a message (e.g. a start-up failure report) into a rejection.
    const onMessage = (message: Message) => {
      let result: Result | undefined;
      try {
        result = pick(message);
      } catch (error) {
        done();
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (result === undefined) return;
      done();
      resolve(result);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      done();
      reject(new Error(`${what}: child process exited (${signal ?? `code ${code}`})`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${what}: no answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Asks a child to stop by IPC (so it can write its CPU profile); kills it if it has not exited in time. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ kind: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function killChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function killAll(): void {
  for (const child of children) killChild(child);
}

/** Ends every child on exit and on Ctrl-C / SIGTERM; `onInterrupt` runs first (e.g. to drop a database). */
export function cleanUpChildrenOnExit(onInterrupt: () => Promise<void>): void {
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the bench's child processes`);
      killAll();
      const force = setTimeout(() => process.exit(130), 5_000);
      void onInterrupt().finally(() => {
        clearTimeout(force);
        process.exit(130);
      });
    });
  }
}
