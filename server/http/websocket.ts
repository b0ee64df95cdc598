import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import { createSourceEventStream, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { eq } from 'drizzle-orm';
import { ConcurrencyLimiter } from '../db/concurrency-limiter';
import { bearerToken, viewerForToken } from '../auth/sessions';
import type { Viewer } from '../auth/viewer';
import type { Services } from '../context';
import { StaffSyncCloseCode } from './close-codes';
import { serveGraphQLWs } from './graphql-ws-server';
import { FanOut, maskSubscriptionError, type MessageSink } from '../sync/fan-out';
import { ChangeStream } from '../sync/follow-changes';
import { subscriptionGroupKey } from '../sync/group-key';
import { employees } from '../db/schema';
import type { createGraphQLHandler } from './yoga';

export interface WebSocketOptions {
  /** Largest accepted message, in bytes; a bigger one closes the socket with 1009. Default 64 KiB. */
  maxMessageBytes?: number;
  /** Subscriptions one socket may hold at once. Default 50. */
  maxSubscriptionsPerSocket?: number;
  /** Ping interval; a socket that misses a pong is terminated. Default 12 s. */
  keepAliveMs?: number;
  /** Time a client has to send connection_init before the socket is closed with 4408. Default 5 s. */
  connectionInitTimeoutMs?: number;
  /**
   * Messages that may wait unsent for one subscription while its socket is not being read. A
   * subscriber over it is closed with 4413 (SlowConsumer) so it holds no more memory and slows no one
   * else; it resumes from its cursor when it reconnects. Default 10,000.
   */
  maxPendingEvents?: number;
}

interface SocketState {
  viewer: Viewer;
  /** Ids of the operations running on this socket. */
  operations: Set<string>;
  /**
   * Every subscription stream started on this socket, ended when the socket closes. graphql-ws can
   * lose track of one when a client completes and reuses an id within one burst; this set cannot.
   */
  streams: Set<AsyncIterator<unknown>>;
  /** Where the fan-out writes this socket's subscription messages. */
  sink: MessageSink;
  expiryTimer: NodeJS.Timeout;
}

/** The fan-out's view of a socket. The upgrade request's socket is the TCP socket under the WebSocket. */
function messageSink(socket: WebSocket, tcp: Socket): MessageSink {
  return {
    get open() {
      return socket.readyState === socket.OPEN;
    },
    send: (data, sent) => socket.send(data, sent),
    cork: () => tcp.cork(),
    uncork: () => tcp.uncork(),
  };
}

type Extra = { viewer?: Viewer };
type Execute = (args: ExecutionArgs) => ExecutionResult | Promise<ExecutionResult>;
type RootValue = { execute: Execute; groupKey: string; state: SocketState; socket: WebSocket; id: string };

/** Subscribers with equal rights get equal results: admins share one scope, anyone else their own. */
function scopeKey(viewer: Viewer): string {
  return viewer.role === 'ADMIN' ? 'all' : `employee:${viewer.employeeId}`;
}

/**
 * graphql-ws (subprotocol graphql-transport-ws) on the HTTP server's /graphql path. Operations run through
 * the same Yoga pipeline as HTTP. A socket signs in once, at connection_init, with
 * `connectionParams.authorization`; it is closed with 4403 when its session ends (logout, expiry,
 * deactivation or a role change), on every instance.
 */
export function attachWebSocketServer(
  httpServer: HttpServer,
  yoga: ReturnType<typeof createGraphQLHandler>,
  services: Services,
  options: WebSocketOptions = {},
) {
  const maxSubscriptions = options.maxSubscriptionsPerSocket ?? 50;
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: options.maxMessageBytes ?? 64 * 1024 });
  const sockets = new Map<WebSocket, SocketState>();
  const log = services.log.child({ component: 'websocket' });
  const fanOut = new FanOut(services, { maxPendingEvents: options.maxPendingEvents });
  // Socket sign-ins share the pool with HTTP requests; a reconnect storm must not queue ahead of them.
  const signIns = new ConcurrencyLimiter(4);

  /** Closes a subscriber that stopped reading; the close frame waits behind its backlog, so it is cut off after a second. */
  const closeSlowConsumer = (socket: WebSocket) => {
    if (socket.readyState !== socket.OPEN) return;
    services.metrics.slowConsumerDisconnects.inc();
    log.warn({ employeeId: sockets.get(socket)?.viewer.employeeId }, 'closing slow consumer');
    socket.close(StaffSyncCloseCode.SlowConsumer, 'Too many undelivered messages; reconnect and resume from your last cursor');
    setTimeout(() => socket.terminate(), 1_000).unref();
  };

  const forbid = (socket: WebSocket, reason: string) => socket.close(CloseCode.Forbidden, reason);

  const stopRevocations = services.sessionEvents.onRevoked((sessionId) => {
    for (const [socket, state] of sockets) if (state.viewer.sessionId === sessionId) forbid(socket, 'Session ended');
  });

  // A changed or removed employee may have lost rights: re-check the sessions of their sockets.
  const stopEmployeeWatch = services.feed.subscribe((events) => {
    const changed = new Set(events.filter((event) => event.type === 'EMPLOYEE').map((event) => event.entityId));
    if (changed.size === 0) return;
    for (const [socket, state] of sockets) {
      if (!changed.has(state.viewer.employeeId)) continue;
      void recheck(socket, state);
    }
  });

  async function recheck(socket: WebSocket, state: SocketState) {
    const [employee] = await services.db
      .select({ active: employees.active, role: employees.role })
      .from(employees)
      .where(eq(employees.id, state.viewer.employeeId));
    if (!employee || !employee.active || employee.role !== state.viewer.role) forbid(socket, 'Access changed; sign in again');
  }

  wss.on('connection', (socket, request) => {
    log.info({ address: request.socket.remoteAddress }, 'socket opened');
    socket.once('close', (code) => {
      const state = sockets.get(socket);
      if (state) clearTimeout(state.expiryTimer);
      for (const stream of state?.streams ?? []) void stream.return?.();
      sockets.delete(socket);
      log.info({ code, employeeId: state?.viewer.employeeId }, 'socket closed');
    });
  });

  const server = serveGraphQLWs<Extra>(
    {
      connectionInitWaitTimeout: options.connectionInitTimeoutMs ?? 5_000,
      onConnect: async (ctx) => {
        // GraphiQL sends its Headers tab as connection params, so "Authorization" may be capitalized.
        const params = ctx.connectionParams ?? {};
        const token = bearerToken(params.authorization ?? params.Authorization);
        const viewer = token ? await signIns.run(() => viewerForToken(services.db, token)) : null;
        if (!viewer) return false;
        const socket = ctx.extra.socket;
        // The client may have gone while its token was being checked.
        if (socket.readyState !== socket.OPEN) return false;
        const expiresIn = Math.max(0, viewer.sessionExpiresAt.getTime() - Date.now());
        const expiryTimer = setTimeout(() => forbid(socket, 'Session expired'), Math.min(expiresIn, 2 ** 31 - 1));
        expiryTimer.unref();
        ctx.extra.viewer = viewer;
        const sink = messageSink(socket, ctx.extra.request.socket);
        sockets.set(socket, { viewer, operations: new Set(), streams: new Set(), sink, expiryTimer });
        return true;
      },
      onSubscribe: async (ctx, id, params) => {
        const state = sockets.get(ctx.extra.socket);
        if (!state) return [new GraphQLError('Not signed in', { extensions: { code: 'UNAUTHENTICATED' } })];
        if (Math.max(state.operations.size, state.streams.size) >= maxSubscriptions) {
          return [new GraphQLError(`At most ${maxSubscriptions} operations per socket`, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
        }
        const { schema, execute, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          viewer: state.viewer,
          clientAddress: ctx.extra.request.socket.remoteAddress ?? 'unknown',
        });
        let document;
        let groupKey: string;
        try {
          document = parse(params.query);
          // Armor's limits (depth, aliases, directives) throw from validation rather than return errors.
          const errors = validate(schema, document);
          if (errors.length > 0) return errors;
          groupKey = subscriptionGroupKey(document, params, scopeKey(state.viewer));
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          // A value nested deeply enough to overflow JSON.stringify is a bad request, not a server fault.
          return [new GraphQLError('The operation or its variables could not be processed', { extensions: { code: 'BAD_REQUEST' } })];
        }
        state.operations.add(id);
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: {
            execute: execute as Execute,
            groupKey,
            state,
            socket: ctx.extra.socket,
            id,
          } satisfies RootValue,
        };
      },
      onComplete: (ctx, id) => {
        sockets.get(ctx.extra.socket)?.operations.delete(id);
      },
      onError: (ctx, id) => {
        sockets.get(ctx.extra.socket)?.operations.delete(id);
      },
      execute: (args) => (args.rootValue as RootValue).execute(args),
      subscribe: async (args) => {
        const { groupKey, state, socket, id } = args.rootValue as RootValue;
        const source = await createSourceEventStream(args);
        if (!(source instanceof ChangeStream)) {
          const errors = Symbol.asyncIterator in source ? [new Error('Only dataChanged can be delivered over sockets')] : (source.errors ?? []);
          return { errors: errors.map((error) => maskSubscriptionError(error, log)) };
        }
        const subscriber = fanOut.join({
          sink: state.sink,
          id,
          groupKey,
          args,
          stream: source,
          onSlow: () => closeSlowConsumer(socket),
          onEnd: () => state.streams.delete(subscriber),
        });
        state.streams.add(subscriber);
        return subscriber;
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
    log,
  );

  return {
    /** Open sockets that completed connection_init. */
    get signedInSockets() {
      return sockets.size;
    },
    /** Operations running over all sockets (mostly subscriptions). */
    get activeOperations() {
      let total = 0;
      for (const state of sockets.values()) total += state.operations.size;
      return total;
    },
    get openSockets() {
      return wss.clients.size;
    },
    /** dataChanged subscriptions being delivered to, and the groups sharing their work. */
    get subscriptions() {
      return { subscribers: fanOut.subscriberCount, groups: fanOut.groupCount };
    },
    /** Closes every socket with 1001 (Going Away) so clients reconnect elsewhere, then stops accepting. */
    async close(): Promise<void> {
      stopRevocations();
      stopEmployeeWatch();
      for (const socket of wss.clients) socket.close(StaffSyncCloseCode.GoingAway, 'Server shutting down');
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
