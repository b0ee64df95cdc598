import type { Logger } from 'pino';
import type { LoginLimiter } from './auth/login-limiter';
import type { PhotoLinks } from './auth/photo-links';
import type { Scope } from './auth/rules';
import type { SessionAuthority } from './auth/session-authority';
import type { TokenFailure } from './auth/sessions';
import type { Viewer } from './auth/viewer';
import type { Config } from './config';
import type { Database, DatabaseHandle } from './db/client';
import type { ConcurrencyLimiter } from './db/concurrency-limiter';
import type { ChangeFeed } from './delivery/change-feed';
import type { TrustedDocuments } from './http/trusted-documents';
import type { MaskError } from './observability/error-masking';
import type { Metrics } from './observability/metrics';
import type { PhotoStore } from './photos/photo-store';

/** Long-lived parts of a running server, shared by every request. */
export interface Services {
  config: Config;
  database: DatabaseHandle;
  db: Database;
  feed: ChangeFeed;
  log: Logger;
  metrics: Metrics;
  loginLimiter: LoginLimiter;
  /** Who a token belongs to, what they may see now, and when their session ends. */
  authority: SessionAuthority;
  /** Bounds concurrent change-log replays (reconnect storms). */
  replayLimiter: ConcurrencyLimiter;
  /** The API's one error masking. */
  maskError: MaskError;
  /** Which documents run: known by hash, and text unless only trusted documents may. */
  documents: TrustedDocuments;
  /** Where receipt photos are kept, and the signer of links that open them. */
  photoStore: PhotoStore;
  photoLinks: PhotoLinks;
}

/** Per-operation context (one per HTTP request, one per WebSocket operation). */
export interface Context extends Services {
  viewer: Viewer | null;
  /** Why the token the request sent signs no one in (null: it did, or none was sent). */
  tokenFailure: TokenFailure | null;
  /** From the X-Request-Id header, or made up; it appears on every log line of the operation. */
  requestId: string;
  /** The client's network address, for rate limits. */
  clientAddress: string;
  /**
   * Idempotency keys of writes this operation answered as replays (already carried out before); the
   * response lists them in `extensions.replayedIdempotencyKeys`, so a client can tell "applied now"
   * from "applied by an earlier attempt".
   */
  replayedIdempotencyKeys: Set<string>;
  /**
   * Whom links in results (receipt photos) are signed for: the viewer, or the employee a subscription
   * group delivers to (who has no single viewer). Null when signed out.
   */
  linksFor: string | null;
  /** The viewer's access scope, read once per operation. Throws NotAuthenticatedError without a viewer. */
  scope(): Promise<Scope>;
}
