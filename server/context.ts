import type { Logger } from 'pino';
import type { LoginLimiter } from './auth/login-limiter';
import type { Scope } from './auth/rules';
import type { ScopeCache } from './auth/scope-cache';
import type { SessionEvents } from './auth/session-events';
import type { Viewer } from './auth/viewer';
import type { Config } from './config';
import type { Database, DatabaseHandle } from './db/client';
import type { Metrics } from './observability/metrics';
import type { ChangeFeed } from './sync/change-feed';
import type { ConcurrencyLimiter } from './db/concurrency-limiter';

/** Long-lived parts of a running server, shared by every request. */
export interface Services {
  config: Config;
  database: DatabaseHandle;
  db: Database;
  feed: ChangeFeed;
  log: Logger;
  metrics: Metrics;
  loginLimiter: LoginLimiter;
  sessionEvents: SessionEvents;
  /** Bounds concurrent change-log replays (reconnect storms). */
  replayLimiter: ConcurrencyLimiter;
  /** Scopes of subscribed viewers, kept current by EMPLOYEE change events. */
  scopeCache: ScopeCache;
}

/** Per-operation context (one per HTTP request, one per WebSocket operation). */
export interface Context extends Services {
  viewer: Viewer | null;
  /** From the X-Request-Id header, or made up; it appears on every log line of the operation. */
  requestId: string;
  /** The client's network address, for rate limits. */
  clientAddress: string;
  /** The viewer's access scope, read once per operation. Throws NotAuthenticatedError without a viewer. */
  scope(): Promise<Scope>;
}
