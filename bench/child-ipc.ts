import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Session } from 'node:inspector/promises';
import { sleep } from './clock';
import type { Population } from './population';
import type { DeliveryCounts, ServerCommand, ServerReport } from './protocol';

/**
 * The driver's side door into a server child: memory and CPU readings on request, a CPU profile of just the
 * load window, a clean stop, and exit when the driver goes away (its IPC channel closes), so a crashed or
 * interrupted bench never leaves a server running.
 */
export interface BenchServer {
  url: string;
  subscriptions(): number;
  /** What the delivery engine did so far; a server without one leaves it out. */
  deliveryCounts?(): Promise<DeliveryCounts>;
  /** The people the server was asked to seed (realistic scopes), with their sessions. */
  population?: Population;
  stop(): Promise<void>;
}

const noDelivery: DeliveryCounts = { groups: 0, events: 0, executions: 0, checks: 0 };

export function serveBenchIpc(server: BenchServer): void {
  const send = (report: ServerReport) => process.send?.(report);
  const profiler = new Profiler();
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => process.exit(code), 5_000);
    deadline.unref();
    await server.stop().catch(() => {});
    process.exit(code);
  };

  process.on('message', (command: ServerCommand) => {
    switch (command.kind) {
      case 'stop':
        return void stop(0);
      case 'memory': {
        const cpuMs = cpuSoFarMs();
        return void Promise.all([measureMemory(), server.deliveryCounts?.() ?? noDelivery]).then(([memory, counts]) =>
          send({ kind: 'memory', ...memory, ...counts, cpuMs, subscriptions: server.subscriptions() }),
        );
      }
      case 'counters': {
        const cpuMs = cpuSoFarMs();
        return void (server.deliveryCounts?.() ?? Promise.resolve(noDelivery)).then((counts) => send({ kind: 'counters', cpuMs, ...counts }));
      }
      case 'profile-start':
        return void profiler.start();
      case 'profile-stop':
        return void profiler.stop(command.file).then((file) => send({ kind: 'profiled', file }));
    }
  });
  process.on('disconnect', () => void stop(0));
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(143));
  send({ kind: 'ready', url: server.url, population: server.population });
}

/** CPU time (user and system, every thread) the process has used so far, in ms. */
function cpuSoFarMs(): number {
  const cpu = process.cpuUsage();
  return (cpu.user + cpu.system) / 1000;
}

/** RSS after full collections (the child runs with --expose-gc), so garbage does not count as memory held. */
async function measureMemory(): Promise<{ rss: number; heapUsed: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) {
    gc?.();
    // Let finalizers and freed buffers settle between collections.
    await sleep(50);
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

/** The in-process inspector's CPU profiler: unlike --cpu-prof it can cover just the window that matters. */
class Profiler {
  private session: Session | null = null;

  async start(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.start');
  }

  async stop(file: string): Promise<string | null> {
    if (!this.session) return null;
    const { profile } = await this.session.post('Profiler.stop');
    this.session.disconnect();
    this.session = null;
    await writeFile(file, JSON.stringify(profile));
    return file;
  }
}

/**
 * Listens on an ephemeral port of 127.0.0.1 and serves the driver's commands for a plain node:http server
 * (the baseline and the floor): `closeSockets` ends what the server holds besides HTTP connections.
 */
export function listenForBench(httpServer: Server, options: { subscriptions(): number; closeSockets?(): void }): void {
  httpServer.listen(0, '127.0.0.1', () => {
    const { port } = httpServer.address() as AddressInfo;
    serveBenchIpc({
      url: `http://127.0.0.1:${port}`,
      subscriptions: options.subscriptions,
      stop: () =>
        new Promise<void>((resolve) => {
          options.closeSockets?.();
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        }),
    });
  });
}

export function reportFailure(error: unknown): never {
  process.send?.({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ServerReport);
  process.exit(1);
}
