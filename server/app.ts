import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { LoginLimiter } from './auth/login-limiter';
import { PhotoLinks } from './auth/photo-links';
import { SessionAuthority } from './auth/session-authority';
import { bearerToken } from './auth/sessions';
import { readChanges } from './changelog/change-log';
import { scheduleRetention } from './changelog/retention';
import type { Config } from './config';
import type { Services } from './context';
import { openDatabase, type OpenDatabaseOptions } from './db/client';
import { ConcurrencyLimiter } from './db/concurrency-limiter';
import { seedDemoData } from './db/seed-demo';
import { ChangeFeed, type ChangeFeedOptions } from './delivery/change-feed';
import { Delivery, type DeliveryOptions } from './delivery/delivery';
import { responseCompression } from './http/response-compression';
import { attachSocketServer, type SocketServerOptions } from './http/socket/socket-server';
import { handlePhoto } from './http/photos';
import { listenForMetrics, metricsOnApiPort } from './http/metrics-endpoint';
import { dataPolicy, graphiqlPolicy, setSecurityHeaders } from './http/security-headers';
import { portalHandler } from './http/static-files';
import { readTrustedDocuments, TrustedDocuments } from './http/trusted-documents';
import { createGraphQLHandler } from './http/yoga';
import { createLogger } from './logger';
import { createErrorMasking } from './observability/error-masking';
import { databasePhotoStore } from './photos/database-photo-store';
import { maxConcurrentUploads, maxPhotoBytes, maxUploadOverheadBytes } from './photos/photo-limits';
import { Metrics } from './observability/metrics';
import { executeForGroup, type GroupOperation } from './schema/group-execution';

export interface AppOptions {
  config: Config;
  log?: Logger;
  /** Sees every SQL statement (tests count them). */
  onQuery?: OpenDatabaseOptions['onQuery'];
  feed?: ChangeFeedOptions;
  delivery?: DeliveryOptions;
  webSocket?: SocketServerOptions;
}

export interface App {
  services: Services;
  /** The base URL, e.g. http://127.0.0.1:4000, once listening. */
  url: string;
  /** dataChanged subscriptions this instance delivers to (every transport), and the groups sharing their work. */
  subscriptions(): { subscribers: number; groups: number };
  stop(): Promise<void>;
}

/** Paths that answer with data (JSON, metrics, downloads), never with a document. */
const apiPaths = ['/graphql', '/health', '/ready', '/metrics', '/exports', '/photos'];

/** How long shutdown waits for in-flight HTTP requests. */
const drainTimeoutMs = 5_000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Largest accepted HTTP request body, but for an upload. */
const maxBodyBytes = 1024 * 1024;

/** Largest accepted upload (a multipart request carrying one photo). */
const maxUploadBodyBytes = maxPhotoBytes + maxUploadOverheadBytes;

/**
 * Opens the database (migrating it), seeds demo data when configured, and serves the API, GraphiQL,
 * graphql-ws, the portal and health endpoints on one port. `stop()` closes sockets with 1001, stops
 * the listeners and closes the database.
 */
export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const log = options.log ?? createLogger(config);
  const startedAt = performance.now();
  // Before anything opens: a bad manifest stops the start like a bad setting.
  const trustedDocuments = readTrustedDocuments(config.documents, config.trustedDocumentFiles);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onQuery: options.onQuery,
  });
  if (config.seedDemo && (await database.exclusively(() => seedDemoData(database.db)))) log.info('seeded demo data');

  let webSocket: ReturnType<typeof attachSocketServer> | undefined;
  const metrics: Metrics = new Metrics({
    openSockets: () => webSocket?.openSockets ?? 0,
    activeOperations: () => webSocket?.activeOperations ?? 0,
    feedPosition: (): number => feed.lastPosition,
  });
  const feed: ChangeFeed = new ChangeFeed(database, log.child({ component: 'change-feed' }), metrics, options.feed);
  const authority = new SessionAuthority(database, log.child({ component: 'sessions' }), config.sessionTtlMs);
  await feed.start();
  // Before anything else follows the feed: rights are dropped before any subscriber sees an employee change.
  await authority.start(feed);
  const stopRetention = scheduleRetention(
    database.db,
    {
      maxAgeMs: config.changeRetentionMs,
      maxEvents: config.changeRetentionEvents,
      idempotencyKeyAgeMs: Math.max(config.changeRetentionMs, 7 * 86_400_000),
    },
    config.retentionIntervalMs,
    log.child({ component: 'retention' }),
    () => feed.refreshHorizon(),
  );
  // Half the pool: replays after a restart must leave connections for ordinary requests.
  const replayLimiter = new ConcurrencyLimiter(database.engine === 'postgres' ? 5 : 2);
  const services: Services = {
    config,
    database,
    db: database.db,
    feed,
    log,
    metrics,
    loginLimiter: new LoginLimiter(database.db),
    authority,
    replayLimiter,
    maskError: createErrorMasking(log, { exposeDetails: config.development, hideSuggestions: config.production }),
    documents: new TrustedDocuments(trustedDocuments, config.documents, metrics),
    photoStore: databasePhotoStore(database.db),
    photoLinks: await PhotoLinks.open(database.db),
  };
  const delivery = new Delivery<GroupOperation>(
    {
      feed,
      readLog: (after, limit, types) => replayLimiter.run(() => readChanges(database.db, after, limit, types ?? undefined)),
      rights: (employeeId) => authority.rights(employeeId),
      rightsOfMany: (employeeIds) => authority.rightsOfMany(employeeIds),
      execute: executeForGroup(services),
      mask: services.maskError,
      metrics,
      log: log.child({ component: 'delivery' }),
    },
    options.delivery,
  );

  const yoga = createGraphQLHandler(services, delivery);
  const portal = portalHandler();
  const compress = responseCompression();

  const metricsEndpoint = metricsOnApiPort(metrics.registry, config.metrics.token);
  const metricsServer = config.metrics.port === undefined ? null : await listenForMetrics(metrics.registry, config.metrics.port, config.metrics.host);
  let draining = false;
  let uploadsInProgress = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // While draining, every answer closes its connection, so clients reconnect to another instance.
    if (draining) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    setSecurityHeaders(res);
    // API answers are data; a browser asking /graphql for a page gets GraphiQL; the portal's page sets its own.
    const page = path === '/graphql' && (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');
    if (page) res.setHeader('content-security-policy', graphiqlPolicy);
    else if (apiPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) res.setHeader('content-security-policy', dataPolicy);
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (path === '/ready') {
      // Migrations ran before the server started listening, so a listening server has them applied.
      const reachable = await database.ping().then(() => true, () => false);
      // The listening connection cannot work while the database is unreachable, whatever its last heartbeat said.
      const checks = { database: reachable, migrations: true, listener: reachable && feed.listening };
      const ready = Object.values(checks).every(Boolean);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', engine: database.engine, checks });
    }
    if (path === '/metrics') return metricsEndpoint(req, res);
    if (path.startsWith('/exports/')) {
      // Loaded with the first download: the CSV writer and the export queries are no part of a start.
      const { handleExport } = await import('./http/exports');
      return handleExport(services, req, res);
    }
    if (path.startsWith('/photos/')) return handlePhoto(services, req, res);
    if (path === '/graphql') {
      const refusal = refuseRequest(req) ?? (await refuseUnsignedUpload(authority, req));
      if (refusal) {
        // The body is not read: a refused upload closes its connection rather than draining megabytes.
        if (refusal.upload) res.setHeader('connection', 'close');
        return sendJson(res, refusal.status, { errors: [{ message: refusal.message, ...(refusal.code ? { extensions: { code: refusal.code } } : {}) }] });
      }
      if (req.method === 'POST' && isUpload(req)) {
        if (uploadsInProgress >= maxConcurrentUploads) {
          res.setHeader('connection', 'close');
          res.setHeader('retry-after', '2');
          return sendJson(res, 503, { errors: [{ message: 'Too many uploads at once; try again in a moment', extensions: { code: 'UPLOADS_BUSY' } }] });
        }
        uploadsInProgress += 1;
        res.once('close', () => (uploadsInProgress -= 1));
      }
      compress(req, res);
      return yoga(req, res);
    }
    return portal(req, res);
  };
  const httpServer = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  webSocket = attachSocketServer(httpServer, yoga, services, {
    maxSocketsPerEmployee: config.socketsPerEmployee,
    maxSubscriptionsPerEmployee: config.subscriptionsPerEmployee,
    ...options.webSocket,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    // A deep accept queue: after a restart thousands of clients reconnect at once, and a refused SYN
    // costs a client a second or more of kernel retry backoff.
    httpServer.listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  log.info({ url, engine: database.engine, startupMs: Math.round(performance.now() - startedAt) }, 'listening');

  return {
    services,
    url,
    subscriptions: () => ({ subscribers: delivery.subscriberCount, groups: delivery.groupCount }),
    async stop() {
      stopRetention();
      draining = true;
      // Stop accepting, tell socket clients to go elsewhere (1001), let in-flight requests finish.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await webSocket?.close();
      let drained = false;
      void closed.then(() => (drained = true));
      // A keep-alive connection whose last request finished during the drain would hold the close open.
      for (const deadline = Date.now() + drainTimeoutMs; !drained && Date.now() < deadline; await delay(50)) {
        httpServer.closeIdleConnections();
      }
      if (!drained) {
        log.warn({ drainTimeoutMs }, 'requests still running at shutdown; closing their connections');
        httpServer.closeAllConnections();
        await closed;
      }
      await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
      await authority.stop();
      await feed.stop();
      await database.close();
    },
  };
}

interface Refusal {
  status: number;
  message: string;
  code?: string;
  /** A multipart upload, whose body is left unread. */
  upload?: boolean;
}

const isUpload = (req: IncomingMessage) => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'multipart/form-data';

/**
 * An upload is read (up to 10 MB, held in memory) only for someone signed in: the token is checked
 * before the body, so an anonymous client cannot make the server take in megabytes.
 */
async function refuseUnsignedUpload(authority: SessionAuthority, req: IncomingMessage): Promise<Refusal | null> {
  if (req.method !== 'POST' || !isUpload(req)) return null;
  const token = bearerToken(req.headers.authorization);
  if (token && (await authority.authenticate(token)).viewer) return null;
  return { status: 401, message: 'Uploads need a valid sign-in: Authorization: Bearer <token>', code: 'UNAUTHENTICATED', upload: true };
}

/**
 * Checks made before Yoga reads a body. POSTs must declare their length (so a body can be refused
 * before it is read) and be JSON, or a multipart upload (the GraphQL multipart request spec) that sends
 * the Authorization header: a browser sends either cross-site only after a CORS preflight, so a forged
 * form or text/plain POST never reaches a resolver (CSRF). GETs cannot run mutations.
 */
function refuseRequest(req: IncomingMessage): Refusal | null {
  if (req.method !== 'POST') return null;
  const length = req.headers['content-length'];
  if (length === undefined) return { status: 411, message: 'POST /graphql needs a Content-Length header' };
  if (isUpload(req)) {
    if (!req.headers.authorization) return { status: 401, message: 'Uploads need Authorization: Bearer <token>', code: 'UNAUTHENTICATED', upload: true };
    if (Number(length) > maxUploadBodyBytes) {
      return { status: 413, message: `An upload is at most ${maxPhotoBytes / 1024 / 1024} MB`, code: 'REQUEST_ENTITY_TOO_LARGE', upload: true };
    }
    return null;
  }
  if (Number(length) > maxBodyBytes) return { status: 413, message: `Request body over ${maxBodyBytes} bytes` };
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/graphql-response+json') {
    return { status: 415, message: 'POST /graphql takes Content-Type: application/json, or multipart/form-data for an upload' };
  }
  return null;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
