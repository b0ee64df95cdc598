import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Live values read at scrape time. */
export interface MetricSources {
  openSockets(): number;
  /** Operations running on sockets (subscriptions, and queries or mutations sent over a socket). */
  activeOperations(): number;
  feedPosition(): number;
}

/**
 * Prometheus metrics of one server instance, in its own registry (tests run several instances in one
 * process). Counters and histograms are updated where the work happens; gauges are read at scrape time.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly activeSubscriptions = new Gauge({
    name: 'staffsync_active_subscriptions',
    help: 'Running dataChanged subscriptions by type filter (ALL: every type)',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly eventsRead = new Counter({ name: 'staffsync_change_events_read_total', help: 'Change events read from the log by this instance', registers: [this.registry] });
  readonly deliveries = new Counter({ name: 'staffsync_deliveries_total', help: 'Change events sent to subscribers', registers: [this.registry] });
  readonly groupChecks = new Counter({
    name: 'staffsync_group_checks_total',
    help: 'Events checked against a subscription group\'s rights (each event is offered to the groups whose scope may reach it)',
    registers: [this.registry],
  });
  readonly groupExecutions = new Counter({
    name: 'staffsync_group_executions_total',
    help: 'Events executed for subscription groups (groups of equal rights share an execution unless its result is personal)',
    registers: [this.registry],
  });
  readonly replays = new Counter({ name: 'staffsync_replays_total', help: 'Subscriptions that replayed the log from a cursor', registers: [this.registry] });
  readonly slowConsumerDisconnects = new Counter({ name: 'staffsync_slow_consumer_disconnects_total', help: 'Sockets closed for falling too far behind', registers: [this.registry] });
  readonly fanOutLatency = new Histogram({
    name: 'staffsync_fanout_latency_seconds',
    help: 'From a change being written to its messages being handed to the sockets of a subscription group (once per event and group)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly documents = new Counter({
    name: 'staffsync_documents_total',
    help: 'Operations by how they named their document: a known hash, text, or an unknown hash',
    labelNames: ['source'],
    registers: [this.registry],
  });
  readonly photoUploads = new Counter({
    name: 'staffsync_photo_uploads_total',
    help: 'Receipt photos and PDFs uploaded, by what the checks made of them: ACCEPTED, or the PhotoRejectionReason',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly mutationDuration = new Histogram({
    name: 'staffsync_mutation_duration_seconds',
    help: 'Time to execute a mutation operation, by its root field (a schema mutation, or "multiple")',
    labelNames: ['mutation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'staffsync_' });
    new Gauge({
      name: 'staffsync_open_sockets',
      help: 'Open WebSocket connections',
      registers: [this.registry],
      collect() {
        this.set(sources.openSockets());
      },
    });
    new Gauge({
      name: 'staffsync_active_operations',
      help: 'Operations running on WebSockets',
      registers: [this.registry],
      collect() {
        this.set(sources.activeOperations());
      },
    });
    new Gauge({
      name: 'staffsync_change_feed_position',
      help: 'Last change-log position read by this instance',
      registers: [this.registry],
      collect() {
        this.set(sources.feedPosition());
      },
    });
  }
}
