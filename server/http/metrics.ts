import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one server instance, in its own registry (tests run several in one process). */
export function createMetrics(sources: { openSockets(): number; activeOperations(): number; feedPosition(): number }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'staffsync_' });
  new Gauge({
    name: 'staffsync_open_sockets',
    help: 'Open WebSocket connections',
    registers: [registry],
    collect() {
      this.set(sources.openSockets());
    },
  });
  new Gauge({
    name: 'staffsync_active_operations',
    help: 'Operations (mostly subscriptions) running on WebSockets',
    registers: [registry],
    collect() {
      this.set(sources.activeOperations());
    },
  });
  new Gauge({
    name: 'staffsync_change_feed_position',
    help: 'Last change-log position read by this instance',
    registers: [registry],
    collect() {
      this.set(sources.feedPosition());
    },
  });
  const eventsRead = new Counter({ name: 'staffsync_change_events_read_total', help: 'Change events read from the log', registers: [registry] });
  return { registry, eventsRead };
}
