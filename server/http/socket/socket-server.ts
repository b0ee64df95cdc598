import type { Server as HttpServer } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Context, Services } from '../../context';
import { StaffSyncCloseCode } from '../close-codes';
import type { SocketContext } from '../yoga';
import type { OutcomeStream } from '../outcome-stream';
import { Heartbeat } from './heartbeat';
import type { SessionOperation } from './socket-session';
import { socketSignIn, type SocketExtra } from './socket-sign-in';
import { SocketRegistry } from './subscription-limits';

export interface SocketServerOptions {
  /** Largest accepted message, in bytes; a bigger one closes the socket with 1009. Default 64 KiB. */
  maxMessageBytes?: number;
  /** Operations one socket may hold at once. Default 50. */
  maxSubscriptionsPerSocket?: number;
  /** Sockets one employee may hold on this instance; one more is closed with 1008. Default 10. */
  maxSocketsPerEmployee?: number;
  /** Operations one employee may hold on this instance over all their sockets. Default 100. */
  maxSubscriptionsPerEmployee?: number;
  /** Ping interval; a socket that has not answered the previous ping by the next one is terminated. Default 12 s. */
  keepAliveMs?: number;
  /** Time a client has to send connection_init before the socket is closed with 4408. Default 5 s. */
  connectionInitTimeoutMs?: number;
}

/**
 * The enveloped execute and subscribe of one operation, as graphql-yoga's graphql-ws example passes them,
 * and what the delivery engine made of it.
 */
interface EnvelopedRoot {
  execute(args: ExecutionArgs): unknown;
  subscribe(args: ExecutionArgs): unknown;
  operation: SessionOperation;
}

/**
 * What graphql-ws iterates for a dataChanged subscription the engine delivers to: the engine's own stream,
 * not the pipeline's wrappers around it, and nothing of the operation's start is kept for its life.
 * graphql-ws keeps the execution arguments until the operation ends only to hand them to `onNext`, which
 * this server does not set; they hold the operation's context, its enveloped functions and the wrappers
 * (about 4 KB per subscription). The wrappers map results (masking, error codes) and report the end: the
 * stream yields only its outcome, masked where the engine made it, and reports its own end (operation-log.ts).
 */
function deliveredStream(args: ExecutionArgs): OutcomeStream | undefined {
  const { stream } = (args.rootValue as EnvelopedRoot).operation;
  if (!stream) return undefined;
  args.contextValue = undefined;
  args.rootValue = undefined;
  return stream;
}

type Yoga = YogaServerInstance<Record<string, unknown>, Context>;

/**
 * graphql-ws (subprotocol graphql-transport-ws) on the HTTP server's /graphql path, served by graphql-ws's
 * own `ws` adapter. Every operation runs through the same Yoga pipeline as HTTP (parse, validate, context,
 * execute or subscribe, masking, logging); dataChanged subscriptions reach the delivery engine through it.
 */
export function attachSocketServer(httpServer: HttpServer, yoga: Yoga, services: Services, options: SocketServerOptions = {}) {
  const registry = new SocketRegistry({
    operationsPerSocket: options.maxSubscriptionsPerSocket ?? 50,
    socketsPerEmployee: options.maxSocketsPerEmployee ?? 10,
    operationsPerEmployee: options.maxSubscriptionsPerEmployee ?? 100,
  });
  const log = services.log.child({ component: 'websocket' });
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: options.maxMessageBytes ?? 64 * 1024 });

  /** Closes a subscriber that stopped reading; the close frame waits behind its backlog, so it is cut off after a second. */
  const closeSlowConsumer = (socket: WebSocket) => {
    if (socket.readyState !== socket.OPEN) return;
    log.warn('closing slow consumer');
    socket.close(StaffSyncCloseCode.SlowConsumer, 'Too many undelivered messages; reconnect and resume from your last cursor');
    setTimeout(() => socket.terminate(), 1_000).unref();
  };
  const signIn = socketSignIn(services.authority, closeSlowConsumer);

  const server = useServer<Record<string, unknown> | undefined, SocketExtra>(
    {
      connectionInitWaitTimeout: options.connectionInitTimeoutMs ?? 5_000,
      onInternalError: (message, error) => log.info({ err: error }, message),
      onConnect: async (ctx) => {
        const { session } = await signIn(ctx.connectionParams, ctx.extra);
        if (!session) return false;
        if (!registry.admit(session)) {
          session.close();
          ctx.extra.socket.close(StaffSyncCloseCode.PolicyViolation, 'TOO_MANY_CONNECTIONS: close another socket of yours first');
          return false;
        }
        ctx.extra.session = session;
        // graphql-ws types its adapter's extra as read-only; nothing of ours reads the request after this.
        // Cleared, not deleted: a deletion turns the object into a dictionary, several times its size.
        Reflect.set(ctx.extra, 'request', undefined);
        log.info({ employeeId: session.viewer.employeeId, address: session.clientAddress }, 'socket signed in');
        return true;
      },
      onClose: (ctx, code) => {
        const { session } = ctx.extra;
        if (session) {
          registry.remove(session);
          session.close();
        }
        log.info({ code, employeeId: session?.viewer.employeeId }, 'socket closed');
      },
      onSubscribe: async (ctx, id, params) => {
        const { session } = ctx.extra;
        if (!session) return [new GraphQLError('Not signed in', { extensions: { code: 'UNAUTHENTICATED' } })];
        const refusal = registry.refuseOperation(session);
        if (refusal) return [refusal];
        const operation = session.operation(id);
        const socketContext: SocketContext = {
          viewer: session.viewer,
          clientAddress: session.clientAddress,
          socketRequestId: session.requestId,
          socketOperation: operation,
        };
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...socketContext,
          socket: ctx.extra.socket,
          params,
        });
        const text = services.documents.documentFor(params);
        if (text instanceof GraphQLError) return [text];
        try {
          const document = parse(text ?? '');
          // Armor's limits (depth, aliases, directives) throw from validation rather than return errors.
          const errors = validate(schema, document);
          if (errors.length > 0) return errors;
          session.operations.add(id);
          return {
            schema,
            operationName: params.operationName,
            document,
            variableValues: params.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe, operation } satisfies EnvelopedRoot,
          };
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          // Input deep enough to overflow the stack is a bad request, not a server fault.
          return [new GraphQLError('The operation or its variables could not be processed', { extensions: { code: 'BAD_REQUEST' } })];
        }
      },
      onOperation: (_ctx, _id, _params, args) => deliveredStream(args),
      onComplete: (ctx, id) => void ctx.extra.session?.operations.delete(id),
      onError: (ctx, id) => void ctx.extra.session?.operations.delete(id),
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
    },
    wss,
    // graphql-ws's per-socket keep-alive is off: the heartbeat below serves every socket with one timer.
    0,
  );
  const heartbeat = new Heartbeat(options.keepAliveMs ?? 12_000);
  wss.on('connection', (socket) => heartbeat.watch(socket));

  return {
    /** Open sockets that completed connection_init. */
    get signedInSockets() {
      return registry.size;
    },
    /** Operations running over all sockets (mostly subscriptions). */
    get activeOperations() {
      return registry.load;
    },
    get openSockets() {
      return wss.clients.size;
    },
    /** Closes every socket with 1001 (Going Away) so clients reconnect elsewhere, then stops accepting. */
    async close(): Promise<void> {
      heartbeat.stop();
      for (const socket of wss.clients) socket.close(StaffSyncCloseCode.GoingAway, 'Server shutting down');
      await server.dispose();
    },
  };
}
