import type { ChildProcess } from 'node:child_process';
import { sleep } from './clock';
import { forkChild, killChild, nextMessage } from './children';
import type { ExpectedChange, SystemName, WorkerCommand, WorkerReport, WorkerScore } from './protocol';

export type DrainOutcome = 'complete' | 'stalled' | 'deadline';

export interface OpenResult {
  opened: number;
  failed: number;
  firstError: string | null;
}

/**
 * The subscriber worker processes of one scenario, driven together: each holds an even share of the
 * subscribers and answers for its own deliveries.
 */
export class WorkerPool {
  private readonly workers: Array<{ child: ChildProcess; count: number; delivered: number }>;

  constructor(subscribers: number, processes: number) {
    this.workers = Array.from({ length: processes }, (_, index) => {
      // Spread the remainder so shares differ by at most one.
      const count = Math.floor(subscribers / processes) + (index < subscribers % processes ? 1 : 0);
      const child = forkChild('./subscriber-worker.ts');
      const worker = { child, count, delivered: 0 };
      child.on('message', (report: WorkerReport) => {
        if (report.kind === 'progress') worker.delivered = report.delivered;
      });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  private send(command: WorkerCommand): void {
    for (const { child } of this.workers) child.send(command);
  }

  /** `tokens`: one for every subscriber, or one per subscriber (each worker gets its own share). */
  async open(options: { system: SystemName; url: string; tokens: readonly string[]; concurrency: number }): Promise<OpenResult> {
    // The connection budget is split between workers so the server sees `concurrency` handshakes at most.
    const concurrency = Math.max(1, Math.floor(options.concurrency / this.workers.length));
    let first = 0;
    const results = await Promise.all(
      this.workers.map(({ child, count }) => {
        const answer = nextMessage<WorkerReport, OpenResult>(
          child,
          (report) => (report.kind === 'opened' ? report : undefined),
          120_000 + count * 20,
          'opening subscribers',
        );
        const tokens = options.tokens.length === 1 ? options.tokens : options.tokens.slice(first, first + count);
        child.send({ kind: 'open', ...options, tokens, first, concurrency, count } satisfies WorkerCommand);
        first += count;
        return answer;
      }),
    );
    return {
      opened: results.reduce((sum, result) => sum + result.opened, 0),
      failed: results.reduce((sum, result) => sum + result.failed, 0),
      firstError: results.find((result) => result.firstError)?.firstError ?? null,
    };
  }

  /** Marks the start of the measured load: the workers count their CPU time and deliveries from here. */
  mark(): void {
    for (const worker of this.workers) worker.delivered = 0;
    this.send({ kind: 'mark' });
  }

  /**
   * Tells the workers which changes count, then waits until `target` deliveries are in, or until none
   * arrived for `stallMs`, or until `deadline` (nowMs) passes, and says which. Neither proves a delivery
   * will never come, but 'stalled' means nothing was moving, while at the 'deadline' deliveries still were.
   */
  async awaitDeliveries(
    changes: ExpectedChange[],
    target: number,
    options: { deadline: number; stallMs: number; now: () => number },
  ): Promise<DrainOutcome> {
    for (const worker of this.workers) worker.delivered = 0;
    this.send({ kind: 'expect', changes });
    let last = -1;
    let lastProgressAt = options.now();
    for (;;) {
      await sleep(250);
      const delivered = this.workers.reduce((sum, worker) => sum + worker.delivered, 0);
      if (delivered >= target) return 'complete';
      const now = options.now();
      if (delivered !== last) {
        last = delivered;
        lastProgressAt = now;
      }
      if (now - lastProgressAt >= options.stallMs) return 'stalled';
      if (now >= options.deadline) return 'deadline';
    }
  }

  async score(): Promise<WorkerScore[]> {
    return Promise.all(
      this.workers.map(({ child }) => {
        const answer = nextMessage<WorkerReport, WorkerScore>(child, (report) => (report.kind === 'score' ? report.score : undefined), 120_000, 'scoring');
        child.send({ kind: 'score' } satisfies WorkerCommand);
        return answer;
      }),
    );
  }

  close(): void {
    for (const { child } of this.workers) killChild(child);
  }
}
