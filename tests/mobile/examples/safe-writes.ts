import { randomUUID } from 'node:crypto';
import { request } from './sign-in';

interface ReceiptResult {
  __typename: string;
  id?: string;
  version?: number;
  message?: string;
  fields?: Array<{ field: string; message: string }>;
  current?: { version: number };
}

/**
 * Creates a receipt so that retrying can never make two: the key is made once, when the user taps
 * Save, and sent again with every retry after a timeout or a lost connection.
 */
export async function saveReceipt(api: string, token: string, input: Record<string, unknown>, attempts = 5): Promise<ReceiptResult> {
  const idempotencyKey = randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      const { createReceipt } = await request<{ createReceipt: ReceiptResult }>(
        api,
        `mutation SaveReceipt($input: CreateReceiptInput!, $key: String) {
          createReceipt(input: $input, idempotencyKey: $key) {
            __typename
            ... on Receipt { id version }
            ... on ValidationError { message fields { field message } }
            ... on Error { message }
          }
        }`,
        { input, key: idempotencyKey },
        token,
      );
      return createReceipt;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 100));
    }
  }
}

/**
 * Changes an amount with the version the device last saw. On a conflict the server wrote nothing and
 * returned its current version: here the user's amount wins and is re-applied on top of it; a real
 * app would show both versions and let the user choose.
 */
export async function changeAmount(api: string, token: string, id: string, version: number, amountCents: number): Promise<ReceiptResult> {
  const mutation = `mutation ChangeAmount($id: ID!, $version: Int!, $amountCents: Int!) {
    updateReceipt(id: $id, version: $version, input: { amountCents: $amountCents }) {
      __typename
      ... on Receipt { id version }
      ... on VersionConflictError { message current { ... on Receipt { version amountCents } } }
      ... on Error { message }
    }
  }`;
  const { updateReceipt } = await request<{ updateReceipt: ReceiptResult }>(api, mutation, { id, version, amountCents }, token);
  if (updateReceipt.__typename !== 'VersionConflictError' || !updateReceipt.current) return updateReceipt;
  const retried = await request<{ updateReceipt: ReceiptResult }>(api, mutation, { id, version: updateReceipt.current.version, amountCents }, token);
  return retried.updateReceipt;
}
