/**
 * An error the server answered with instead of data. `code` is its `extensions.code` (the README's
 * error contract lists them); `status` is the HTTP status (401 when the token signs no one in).
 */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly status: number) {
    super(message);
  }
}

/** The codes that mean this token will never work again: show the sign-in screen. */
export const signedOutCodes = new Set(['UNAUTHENTICATED', 'INVALID_TOKEN', 'SESSION_EXPIRED', 'SESSION_REVOKED', 'ACCOUNT_DEACTIVATED']);

/** POSTs one GraphQL operation with the bearer token, as any HTTP client can. */
export async function request<Data>(api: string, query: string, variables: object = {}, token?: string): Promise<Data> {
  const response = await fetch(`${api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const [error] = body.errors ?? [];
  if (error || !body.data) throw new ApiError(error?.message ?? `HTTP ${response.status}`, error?.extensions?.code ?? 'HTTP_ERROR', response.status);
  return body.data;
}

/**
 * Signs in and names this device (the user sees it in their list of sessions). Keep the token in the
 * device's secure storage: each use extends it, so a phone used daily stays signed in.
 */
export async function signIn(api: string, email: string, password: string, deviceName = 'Field app'): Promise<string> {
  const { login } = await request<{ login: { __typename: string; token?: string; message?: string } }>(
    api,
    `mutation SignIn($email: String!, $password: String!, $deviceName: String) {
      login(email: $email, password: $password, deviceName: $deviceName) {
        __typename
        ... on Session { token expiresAt }
        ... on Error { message }
      }
    }`,
    { email, password, deviceName },
  );
  // InvalidCredentialsError, TooManyAttemptsError (with retryAfterSeconds) or AccountDeactivatedError.
  if (!login.token) throw new Error(login.message);
  return login.token;
}
