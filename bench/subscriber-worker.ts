import { openBaselineSubscriber, openNoticeSubscriber } from './baseline-subscriber';
import { DeliveryLog } from './delivery-log';
import type { ExpectedChange, WorkerCommand, WorkerReport } from './protocol';
import { openStaffSyncSubscriber } from './staffsync-subscriber';

/**
 * A child process holding a share of the subscribers. One Node process cannot comfortably hold 10,000
 * sockets and parse their traffic, so the driver spreads them over several of these; each logs its own
 * deliveries and sends back only counts and a latency histogram.
 */

const send = (report: WorkerReport) => process.send?.(report);
let log: DeliveryLog | null = null;
let changes: ExpectedChange[] = [];
let progressTimer: NodeJS.Timeout | null = null;
let cpuAtMark = process.cpuUsage();

/** Runs `count` openings with at most `concurrency` at once, so the connection burst itself does not time out. */
async function openAll(count: number, concurrency: number, open: (index: number) => Promise<void>) {
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      await open(index).catch((error: unknown) => {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { opened: count - failed, failed, firstError };
}

process.on('message', (command: WorkerCommand) => {
  switch (command.kind) {
    case 'open': {
      const deliveries = new DeliveryLog(command.count, command.first, command.system === 'baseline' ? 'upTo' : 'exact');
      log = deliveries;
      const openers = {
        staffsync: (index: number) => openStaffSyncSubscriber(command.url, command.tokens[index % command.tokens.length]!, index, deliveries),
        baseline: (index: number) => openBaselineSubscriber(command.url, index, deliveries),
        notice: (index: number) => openNoticeSubscriber(command.url, index, deliveries),
      };
      const open = openers[command.system];
      void openAll(command.count, command.concurrency, open).then((result) => send({ kind: 'opened', ...result }));
      return;
    }
    case 'mark': {
      if (progressTimer) clearInterval(progressTimer);
      log?.restart();
      cpuAtMark = process.cpuUsage();
      return;
    }
    case 'expect': {
      changes = command.changes;
      log?.expect(changes);
      // The driver waits on these to know when every delivery is in (or has stopped coming).
      progressTimer = setInterval(() => log && send({ kind: 'progress', ...log.progress() }), 200);
      return;
    }
    case 'score': {
      if (progressTimer) clearInterval(progressTimer);
      const cpu = process.cpuUsage(cpuAtMark);
      if (log) send({ kind: 'score', score: { ...log.score(changes), cpuMs: (cpu.user + cpu.system) / 1000 } });
      return;
    }
  }
});

// The driver owns this process: when it goes (finished, crashed or interrupted), so does the worker.
process.on('disconnect', () => process.exit(0));
