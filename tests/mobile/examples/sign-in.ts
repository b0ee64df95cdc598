/** POSTs one GraphQL operation with the bearer token, as any HTTP client can. */
export async function request<Data>(api: string, query: string, variables: object = {}, token?: string): Promise<Data> {
  const response = await fetch(`${api}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: Array<{ message: string }> };
  if (!body.data) throw new Error(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}

/** Signs in; keep the token in the device's secure storage until it expires or the user signs out. */
export async function signIn(api: string, email: string, password: string): Promise<string> {
  const { login } = await request<{ login: { __typename: string; token?: string; message?: string } }>(
    api,
    `mutation SignIn($email: String!, $password: String!) {
      login(email: $email, password: $password) {
        __typename
        ... on Session { token expiresAt }
        ... on Error { message }
      }
    }`,
    { email, password },
  );
  if (!login.token) throw new Error(login.message);
  return login.token;
}
