import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createFetch } from '@whatwg-node/fetch';
import { createYoga, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { currentScope, freshViewerScope, type Scope } from '../auth/rules';
import { notSignedInError } from '../auth/authentication-errors';
import { bearerToken, type TokenCheck } from '../auth/sessions';
import type { Viewer } from '../auth/viewer';
import type { Context, Services } from '../context';
import type { Delivery } from '../delivery/delivery';
import { operationLogPlugin } from '../observability/operation-log';
import { maxPhotoBytes, maxUploadOverheadBytes } from '../photos/photo-limits';
import { logText } from '../observability/safe-error';
import type { GroupOperation } from '../schema/group-execution';
import { graphiqlPageRenderer, readGraphiQLAssets } from './graphiql-page';
import { buildSchema } from '../schema/index';
import { authenticationPlugin } from './authentication-plugin';
import { hintHidingPlugin } from './hint-hiding-plugin';
import { inputHygienePlugin } from './input-hygiene-plugin';
import { deliveryPlugin, type SocketOperation } from './delivery-plugin';
import { syncCursorPlugin } from './sync-cursor-plugin';

/** What the WebSocket layer already knows when it runs an operation through this same pipeline. */
export interface SocketContext {
  viewer: Viewer | null;
  clientAddress: string;
  /** The socket's upgrade request's X-Request-Id, if it sent one. */
  socketRequestId?: string | undefined;
  /** Where the delivery engine writes this operation's subscription results. */
  socketOperation: SocketOperation;
}

type InitialContext = YogaInitialContext & Partial<SocketContext> & { req?: IncomingMessage };

/**
 * The request id of an operation that brought none: a UUID in one flat string. randomUUID's own is a tree
 * of concatenated pieces (about 500 bytes), which a subscription keeps for its life in its end's log line.
 */
const madeUpRequestId = () => Buffer.from(randomUUID(), 'latin1').toString('latin1');

/**
 * How much of a multipart upload is read: one file of at most `maxPhotoBytes` (the parser stops at the
 * first byte over, while the body streams in, and the request fails with REQUEST_ENTITY_TOO_LARGE) and the
 * spec's two fields, `operations` and `map`. A second file fails the request (BAD_REQUEST).
 */
const uploadLimits = { fileSize: maxPhotoBytes, files: 1, fields: 2, fieldSize: maxUploadOverheadBytes };

/**
 * The one GraphQL pipeline: HTTP requests, Server-Sent Events and graphql-ws operations all run through
 * it (see socket/socket-server.ts), so they share context, armor limits, validation, error masking,
 * logging and the delivery engine for subscriptions.
 */
export function createGraphQLHandler(services: Services, delivery: Delivery<GroupOperation>) {
  const { config, log, authority } = services;
  return createYoga<Record<string, unknown>, Context>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    fetchAPI: createFetch({ formDataLimits: uploadLimits }),
    // Bodies are sized before Yoga sees them: a POST must declare a Content-Length within its limit
    // (app.ts refuses it otherwise), and Node's parser then reads exactly that many bytes. Yoga's own limit
    // re-counted every body through a stream pipeline, a twentieth of a small mutation's CPU.
    maxRequestBodySize: false,
    // Yoga's GraphiQL from the portal build, as separate cached and compressed files: nothing comes from a CDN.
    renderGraphiQL: graphiqlPageRenderer(readGraphiQLAssets()),
    graphiql: config.graphiql && {
      title: 'StaffSync GraphiQL',
      subscriptionsProtocol: 'WS',
      defaultQuery: `# Sign in first: run the login mutation below, then add the header
#   {"Authorization": "Bearer <token>"}
# in the Headers tab; subscriptions (over graphql-ws) send it too.
mutation SignIn {
  login(email: "admin@staffsync.example", password: "demo-password") {
    ... on Session { token expiresAt employee { name role } }
    ... on Error { message }
  }
}
`,
    },
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: false } : false,
    maskedErrors: { maskError: (error, message) => services.maskError(error, message) },
    logging: {
      debug: (...args) => log.debug(args.map(logText).join(' ')),
      info: (...args) => log.info(args.map(logText).join(' ')),
      warn: (...args) => log.warn(args.map(logText).join(' ')),
      error: (...args) => log.error(args.map(logText).join(' ')),
    },
    plugins: [
      services.documents.plugin(),
      operationLogPlugin(),
      EnvelopArmorPlugin({
        maxDepth: { n: 12 },
        maxAliases: { n: 30 },
        maxTokens: { n: 5_000 },
        // Shape cost, not row count (list sizes are capped by `first`): generous for the portal, fatal for query bombs.
        costLimit: { maxCost: 100_000 },
        maxDirectives: { n: 30 },
        blockFieldSuggestion: { enabled: config.production },
      }),
      ...(config.production ? [hintHidingPlugin()] : []),
      authenticationPlugin(config.introspection),
      inputHygienePlugin(),
      deliveryPlugin(delivery, authority),
      replayedKeysPlugin(),
      syncCursorPlugin(services.feed),
    ],
    context: async (initial: InitialContext): Promise<Context> => {
      const check: TokenCheck | null =
        initial.viewer !== undefined ? (initial.viewer ? { viewer: initial.viewer } : null) : await checkHeader(services, initial.request.headers.get('authorization'));
      const viewer = check?.viewer ?? null;
      const clientAddress = initial.clientAddress ?? initial.req?.socket.remoteAddress ?? 'unknown';
      // WebSocket operations carry the upgrade request (`req`), HTTP ones a Fetch `request`.
      const requestId = (initial.request?.headers.get('x-request-id') ?? initial.socketRequestId)?.slice(0, 100) || madeUpRequestId();
      let scope: Promise<Scope> | undefined;
      return {
        ...services,
        viewer,
        tokenFailure: check?.failure ?? null,
        requestId,
        clientAddress,
        linksFor: viewer?.employeeId ?? null,
        replayedIdempotencyKeys: new Set(),
        scope: () => {
          if (!viewer) return Promise.reject(notSignedInError());
          // An HTTP viewer was read with its session for this request, so its role is current; a socket's
          // viewer was read when the socket signed in, so its operations read the employee's record again.
          scope ??= initial.socketOperation ? currentScope(services.db, viewer.employeeId) : freshViewerScope(services.db, viewer);
          return scope;
        },
      };
    },
  });
}

/** Lists the idempotency keys an operation answered as replays in the response's `extensions`. */
function replayedKeysPlugin(): Plugin<Context> {
  return {
    onExecute: () => ({
      onExecuteDone: ({ args, result, setResult }) => {
        const replayed = (args.contextValue as Context).replayedIdempotencyKeys;
        if (replayed.size === 0 || !('data' in result)) return;
        setResult({ ...result, extensions: { ...result.extensions, replayedIdempotencyKeys: [...replayed] } });
      },
    }),
  };
}

async function checkHeader(services: Services, header: string | null): Promise<TokenCheck | null> {
  const token = bearerToken(header);
  return token ? services.authority.authenticate(token) : null;
}
