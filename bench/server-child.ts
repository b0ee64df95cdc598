import type { ChildProcess } from 'node:child_process';
import { forkChild, nextMessage, stopChild } from './children';
import type { ServerCommand, ServerReport, SystemName } from './protocol';

export interface ServerMemory {
  rss: number;
  heapUsed: number;
  cpuMs: number;
  subscriptions: number;
}

export interface ServerChild {
  url: string;
  process: ChildProcess;
  /** Memory after a full GC in the child, its CPU time so far, and the subscriptions it holds. */
  memory(timeoutMs?: number): Promise<ServerMemory>;
  startProfile(): void;
  /** Writes the CPU profile taken since startProfile() to `file`. */
  stopProfile(file: string): Promise<string | null>;
  stop(): Promise<void>;
}

const scripts: Record<SystemName, string> = {
  staffsync: './server-process.ts',
  baseline: './baseline-server.ts',
  notice: './baseline-server.ts',
};

/** Environment of the StaffSync child: an ephemeral port, demo data, no logging, production behaviour. */
function staffSyncEnv(databaseUrl: string | undefined): NodeJS.ProcessEnv {
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
  };
}

/** Starts a system under test in its own process and waits until it listens. */
export async function startServerChild(
  system: SystemName,
  options: { databaseUrl?: string },
): Promise<ServerChild> {
  const child = forkChild(scripts[system], {
    env: system === 'staffsync' ? staffSyncEnv(options.databaseUrl) : process.env,
    nodeFlags: ['--expose-gc'],
  });
  const url = await nextMessage<ServerReport, string>(
    child,
    (report) => {
      if (report.kind === 'failed') throw new Error(`${system} server failed to start: ${report.message}`);
      return report.kind === 'ready' ? report.url : undefined;
    },
    120_000,
    `starting the ${system} server`,
  ).catch(async (error: unknown) => {
    await stopChild(child, 2_000);
    throw error;
  });

  return {
    url,
    process: child,
    memory(timeoutMs = 30_000) {
      const answer = nextMessage<ServerReport, ServerMemory>(
        child,
        (report) => (report.kind === 'memory' ? { rss: report.rss, heapUsed: report.heapUsed, cpuMs: report.cpuMs, subscriptions: report.subscriptions } : undefined),
        timeoutMs,
        `${system} server memory`,
      );
      child.send({ kind: 'memory' } satisfies ServerCommand);
      return answer;
    },
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
