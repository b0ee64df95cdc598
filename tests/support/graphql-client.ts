export interface GraphQLResponse<Data> {
  data?: Data | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/** POSTs one operation (with `extensions`, e.g. a trusted document's hash, when given). */
function post(baseUrl: string, body: { query: string; variables: Record<string, unknown>; extensions?: Record<string, unknown> }, token?: string): Promise<Response> {
  return fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** POSTs one operation and returns the HTTP status with the parsed body, whatever the status. */
export async function postGraphQL<Data = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  extensions?: Record<string, unknown>,
): Promise<{ status: number; body: GraphQLResponse<Data> }> {
  const response = await post(baseUrl, { query, variables, extensions }, token);
  return { status: response.status, body: (await response.json()) as GraphQLResponse<Data> };
}

/** POSTs one operation as the mobile app would; fails loudly with the body when the HTTP status is not 200. */
export async function graphql<Data = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<Data>> {
  const response = await post(baseUrl, { query, variables }, token);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${query.slice(0, 80)}: ${text}`);
  return JSON.parse(text) as GraphQLResponse<Data>;
}

/** Like graphql(), but returns data and fails the test on any GraphQL error. */
export async function graphqlData<Data = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<Data> {
  const result = await graphql<Data>(baseUrl, query, variables, token);
  if (result.errors?.length || !result.data) {
    throw new Error(`GraphQL errors for ${query.slice(0, 120)}: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}
