import { demoAccounts, demoPassword } from '../server/db/seed-demo';
import { receiptValues, today, type Writer, type Written } from './writer';

/** POSTs one GraphQL operation; throws with the body on an HTTP or GraphQL error. */
async function graphql<Data>(url: string, query: string, variables: Record<string, unknown>, token?: string, signal?: AbortSignal): Promise<Data> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { data?: Data; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body.data;
}

/** Signs in the demo admin, who may see every receipt: its subscribers receive every change the bench makes. */
export async function signInAdmin(url: string): Promise<string> {
  const data = await graphql<{ login: { token?: string; message?: string } }>(
    url,
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { ... on Session { token } ... on Error { message } } }',
    { email: demoAccounts.admin, password: demoPassword },
  );
  if (!data.login.token) throw new Error(`admin sign-in failed: ${data.login.message ?? 'no token'}`);
  return data.login.token;
}

// A typed failure (validation, conflict, ...) is a failed write: it must produce no event, so it is not expected.
const resultFields = '__typename ... on Receipt { id version } ... on Error { message }';
type Result = { __typename: string; id?: string; version?: number; message?: string };

function written(result: Result): Written {
  if (result.__typename !== 'Receipt' || !result.id || result.version === undefined) {
    throw new Error(`${result.__typename}: ${result.message ?? 'no receipt returned'}`);
  }
  return { id: result.id, version: result.version };
}

/** Whose receipt a create makes (realistic scopes spread them over employees); absent: the admin's own. */
export type ReceiptOwner = (sequence: number) => { employeeId: string; costCenterId: string };

/** createReceipt / updateReceipt over HTTP as the admin, like the mobile app and the portal write. */
export async function staffSyncWriter(url: string, token: string, ownerOf?: ReceiptOwner): Promise<Writer> {
  const { costCenters } = await graphql<{ costCenters: Array<{ id: string }> }>(url, '{ costCenters { id } }', {}, token);
  const costCenterId = costCenters[0]?.id;
  if (!costCenterId) throw new Error('the demo data has no cost center');
  return {
    async create(sequence, signal) {
      const data = await graphql<{ createReceipt: Result }>(
        url,
        `mutation ($input: CreateReceiptInput!, $key: String) { createReceipt(input: $input, idempotencyKey: $key) { ${resultFields} } }`,
        { input: { costCenterId, ...ownerOf?.(sequence), date: today(), category: 'SUPPLIES', ...receiptValues(sequence) }, key: `bench-${process.pid}-${sequence}-${Date.now()}` },
        token,
        signal,
      );
      return written(data.createReceipt);
    },
    async update(id, version, sequence, signal) {
      const data = await graphql<{ updateReceipt: Result }>(
        url,
        `mutation ($id: ID!, $version: Int!, $input: UpdateReceiptInput!) { updateReceipt(id: $id, version: $version, input: $input) { ${resultFields} } }`,
        { id, version, input: receiptValues(sequence) },
        token,
        signal,
      );
      return written(data.updateReceipt);
    },
  };
}
