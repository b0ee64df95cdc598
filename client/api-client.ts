import type { OutgoingFile } from './writes';

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

interface OperationBody {
  query?: string;
  variables: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** The GraphQL multipart request spec's body: `operations` (each file's variable null), `map`, then the files. */
function multipartBody(params: OperationBody, files: Record<string, OutgoingFile>): FormData {
  const names = Object.keys(files);
  const form = new FormData();
  form.set('operations', JSON.stringify({ ...params, variables: { ...params.variables, ...Object.fromEntries(names.map((name) => [name, null])) } }));
  form.set('map', JSON.stringify(Object.fromEntries(names.map((name, index) => [String(index), [`variables.${name}`]]))));
  names.forEach((name, index) => {
    const file = files[name]!;
    form.set(String(index), file.bytes.type === file.type ? file.bytes : new Blob([file.bytes], { type: file.type }), file.name);
  });
  return form;
}

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

  /**
   * Sends one operation; with `files` (variable name to file), as a GraphQL multipart request, each
   * file into its variable, and with more time to answer: a second per 64 KB (10 MB: about 3 minutes).
   */
  async request<Data>(query: string, variables: Record<string, unknown> = {}, files?: Record<string, OutgoingFile>): Promise<ApiResponse<Data>> {
    if (!this.documentHash) return this.send({ query, variables }, files);
    const persistedQuery = { version: 1, sha256Hash: await this.documentHash(query) };
    try {
      return await this.send({ variables, extensions: { persistedQuery } }, files);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'PERSISTED_QUERY_NOT_FOUND') throw error;
      return this.send({ query, variables, extensions: { persistedQuery } }, files);
    }
  }

  private async send<Data>(params: OperationBody, files: Record<string, OutgoingFile> | undefined): Promise<ApiResponse<Data>> {
    const fileBytes = Object.values(files ?? {}).reduce((total, file) => total + file.bytes.size, 0);
    const timeoutMs = this.timeoutMs + Math.ceil(fileBytes / 65_536) * 1_000;
    // A timer of our own (AbortSignal.timeout's does not keep a Node process alive while it waits).
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    let response: Response;
    let body: { data?: Data | null; errors?: Array<{ message: string; extensions?: { code?: string } }>; extensions?: Record<string, unknown> };
    try {
      try {
        response = await fetch(`${this.url}/graphql`, {
          method: 'POST',
          // A multipart body sets its own content type, with its boundary.
          headers: { ...(files ? {} : { 'content-type': 'application/json' }), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
          body: files ? multipartBody(params, files) : JSON.stringify(params),
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
