import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startArguments } from '../../server/build/start-command';

const root = new URL('../..', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  wsUrl: string;
  child: ChildProcess;
  /** Output so far, for failure messages. */
  output(): string;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Node's arguments as `npm start` gives them: its flags, then the compiled server (`npm run build:server`; `npm test` builds it first). */
const compiledStart = startArguments();
const compiledServer = compiledStart.at(-1)!;

/**
 * Starts the server as its own process (a second API instance) and waits until it listens: the sources
 * through tsx, or with `compiled`, the built server exactly as `npm start` runs it in production.
 */
export function startServerProcess(env: Record<string, string>, options: { compiled?: boolean } = {}): Promise<ServerProcess> {
  if (options.compiled && !existsSync(join(root, compiledServer))) {
    return Promise.reject(new Error(`${compiledServer} is missing: run \`npm run build:server\` first (npm test does)`));
  }
  const child = spawn(process.execPath, options.compiled ? compiledStart : ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'test', SOCKETS_PER_EMPLOYEE: '100000', SUBSCRIPTIONS_PER_EMPLOYEE: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server process did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /StaffSync is running on (http:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      const url = match[1]!;
      resolve({
        url,
        wsUrl: `${url.replace(/^http/, 'ws')}/graphql`,
        child,
        output: () => output,
        async stop() {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}:\n${output}`));
    });
  });
}
