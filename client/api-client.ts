/** The server answered with an error instead of data; `code` is its `extensions.code` (see the README's error contract). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The request never got an answer (offline, connection cut, server down): the write may or may not have happened. */
export class NetworkError extends Error {}

/** Codes after which the same token will never work again: the app must sign in. */
export const signedOutCodes: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'INVALID_TOKEN', 'SESSION_EXPIRED', 'SESSION_REVOKED', 'ACCOUNT_DEACTIVATED']);

export interface ApiResponse<Data> {
  data: Data;
  extensions: Record<string, unknown>;
}

/**
 * Sends GraphQL operations to one server with the current token, over fetch (browsers, Node, React
 * Native). A request with no answer within `timeoutMs` is a NetworkError: a connection the network
 * drops silently (or closes before answering: Node 20's fetch then never settles) must not stall the
 * app's queue forever.
 */
export class ApiClient {
  constructor(
    readonly url: string,
    private token: string | null = null,
    private readonly timeoutMs = 15_000,
    /**
     * The hash a server that runs only trusted documents knows `query` by (a build lists the kit's
     * documents, see `writeDocuments`): sent instead of the text, and the text only if the server does
     * not know the hash.
     */
    private readonly documentHash?: (query: string) => Promise<string>,
  ) {}

  signIn(token: string | null): void {
    this.token = token;
  }

  async request<Data>(query: string, variables: Record<string, unknown> = {}): Promise<ApiResponse<Data>> {
    if (!this.documentHash) return this.send({ query, variables });
    const persistedQuery = { version: 1, sha256Hash: await this.documentHash(query) };
    try {
      return await this.send({ variables, extensions: { persistedQuery } });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'PERSISTED_QUERY_NOT_FOUND') throw error;
      return this.send({ query, variables, extensions: { persistedQuery } });
    }
  }

  private async send<Data>(params: { query?: string; variables: Record<string, unknown>; extensions?: Record<string, unknown> }): Promise<ApiResponse<Data>> {
    // A timer of our own (AbortSignal.timeout's does not keep a Node process alive while it waits).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    let response: Response;
    let body: { data?: Data | null; errors?: Array<{ message: string; extensions?: { code?: string } }>; extensions?: Record<string, unknown> };
    try {
      try {
        response = await fetch(`${this.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
          body: JSON.stringify(params),
          signal: abort.signal,
        });
      } catch (error) {
        throw new NetworkError(error instanceof Error ? error.message : String(error));
      }
      try {
        body = (await response.json()) as typeof body;
      } catch (error) {
        // A cut connection mid-body, or a proxy's HTML error page: no answer from the server itself.
        throw new NetworkError(`no GraphQL answer (HTTP ${response.status}): ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      clearTimeout(timer);
    }
    const [error] = body.errors ?? [];
    if (error || !body.data) throw new ApiError(error?.message ?? `HTTP ${response.status}`, error?.extensions?.code ?? 'HTTP_ERROR', response.status);
    return { data: body.data, extensions: body.extensions ?? {} };
  }
}
