import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ConfigError } from '../config';
import type { Metrics } from '../observability/metrics';
import { portalDirectory } from './static-files';

/** Where the portal's build lists its operations by hash (web/build/trusted-documents.ts writes it). */
const portalManifest = join(portalDirectory, '.vite/trusted-documents.json');

/** `any`: documents sent as text run too (development, GraphiQL, scripts). `trusted`: only documents known by hash. */
export type DocumentPolicy = 'any' | 'trusted';

/** What an operation's parameters say of its document, over HTTP or a socket. */
export interface DocumentParams {
  query?: string | null;
  extensions?: Record<string, unknown> | null;
}

/** How an operation named its document; the label of `staffsync_documents_total`. */
export type DocumentSource = 'hash' | 'text' | 'unknown_hash';

/** The hash of automatic persisted queries' format, `extensions.persistedQuery.sha256Hash`, if sent. */
function sentHash(extensions: DocumentParams['extensions']): string | null {
  const persisted = extensions?.persistedQuery;
  if (typeof persisted !== 'object' || persisted === null || !('sha256Hash' in persisted)) return null;
  return typeof persisted.sha256Hash === 'string' ? persisted.sha256Hash.toLowerCase() : null;
}

/**
 * Reads the trusted documents: the portal build's, then each manifest of `files`. A file that is
 * missing, malformed, or lists a document under another hash stops the start, as a bad setting does.
 */
export function readTrustedDocuments(policy: DocumentPolicy, files: readonly string[]): Map<string, string> {
  const byHash = new Map<string, string>();
  for (const file of [...(existsSync(portalManifest) ? [portalManifest] : []), ...files]) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`TRUSTED_DOCUMENTS: cannot read ${file}: ${(error as Error).message}`);
    }
    if (typeof manifest !== 'object' || manifest === null) throw new ConfigError(`TRUSTED_DOCUMENTS: ${file} is not an object of hash to document`);
    for (const [key, text] of Object.entries(manifest)) {
      const hash = key.replace(/^sha256:/, '').toLowerCase();
      if (typeof text !== 'string' || createHash('sha256').update(text).digest('hex') !== hash) {
        throw new ConfigError(`TRUSTED_DOCUMENTS: in ${file}, the document under ${key} does not have that SHA-256`);
      }
      byHash.set(hash, text);
    }
  }
  if (policy === 'trusted' && byHash.size === 0) {
    throw new ConfigError('DOCUMENTS=trusted, but there are no trusted documents: build the portal (npm run build:web) or set TRUSTED_DOCUMENTS');
  }
  return byHash;
}

/**
 * The documents this server knows by SHA-256: the portal's, and those of the manifests named in
 * TRUSTED_DOCUMENTS (a mobile build's, as `{ "<sha256>": "<document>" }`; a "sha256:" prefix is
 * accepted). An operation sent by a known hash runs that document; under the `trusted` policy nothing
 * else runs. One policy for HTTP, Server-Sent Events and WebSocket.
 */
export class TrustedDocuments {
  constructor(
    private readonly byHash: ReadonlyMap<string, string>,
    readonly policy: DocumentPolicy,
    private readonly metrics: Metrics,
  ) {}

  get size(): number {
    return this.byHash.size;
  }

  /**
   * The document to run for these parameters, or why none runs: a known hash runs its document; an
   * unknown one is PersistedQueryNotFound (a client of automatic persisted queries then sends the text,
   * which runs under the `any` policy only); text without a hash runs under `any` only. Undefined: no
   * document at all, which the transport refuses as it always has.
   */
  documentFor(params: DocumentParams): string | undefined | GraphQLError {
    const hash = sentHash(params.extensions);
    const known = hash === null ? undefined : this.byHash.get(hash);
    const source: DocumentSource = known !== undefined ? 'hash' : hash === null ? 'text' : 'unknown_hash';
    this.metrics.documents.inc({ source });
    if (known !== undefined) return known;
    if (this.policy === 'trusted') {
      return hash === null
        ? new GraphQLError('This server runs only trusted documents: send extensions.persistedQuery.sha256Hash of a known document, not its text', {
            extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
          })
        : new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    }
    if (params.query || hash === null) return params.query ?? undefined;
    return new GraphQLError('PersistedQueryNotFound', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
  }

  /** Yoga's side: HTTP and Server-Sent Events requests get their document here (sockets in socket-server.ts). */
  plugin(): Plugin {
    return {
      onParams: ({ params, setParams }) => {
        const document = this.documentFor(params);
        if (document instanceof GraphQLError) throw document;
        if (document !== params.query) setParams({ ...params, query: document });
      },
    };
  }
}
