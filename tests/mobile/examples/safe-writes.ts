import { randomUUID } from 'node:crypto';
import { ApiError, request } from './sign-in';

interface ReceiptResult {
  __typename: string;
  id?: string;
  version?: number;
  message?: string;
  fields?: Array<{ field: string; message: string }>;
  current?: { version: number };
}

const resultFields = `
  __typename
  ... on Receipt { id version }
  ... on ValidationError { message fields { field message } }
  ... on Error { message }`;

/**
 * Sends one write until the server answers, with the same idempotency key every time: after a timeout
 * or a lost connection the write may have happened, and the key makes the retry answer as the first
 * attempt did instead of writing twice. An answer from the server (a typed result, or an ApiError
 * such as SESSION_EXPIRED) is final.
 */
async function sendOnce<Data>(api: string, token: string, mutation: string, variables: object, attempts: number): Promise<Data> {
  const idempotencyKey = randomUUID();
  for (let attempt = 1; ; attempt++) {
    try {
      return await request<Data>(api, mutation, { ...variables, idempotencyKey }, token);
    } catch (error) {
      if (error instanceof ApiError || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 100));
    }
  }
}

/** Creates a receipt so that retrying can never make two: the key is made once, when the user taps Save. */
export async function saveReceipt(api: string, token: string, input: Record<string, unknown>, attempts = 5): Promise<ReceiptResult> {
  const { createReceipt } = await sendOnce<{ createReceipt: ReceiptResult }>(
    api,
    token,
    `mutation SaveReceipt($input: CreateReceiptInput!, $idempotencyKey: String) {
      createReceipt(input: $input, idempotencyKey: $idempotencyKey) { ${resultFields} }
    }`,
    { input },
    attempts,
  );
  return createReceipt;
}

/**
 * Changes an amount with the version the device last saw. A retry after a lost answer gets the
 * receipt as written (same key), not a conflict with its own write. On a real conflict the server
 * wrote nothing and returned its current version: here the user's amount wins and is re-applied on
 * top of it, as a new write; a real app would show both and let the user choose.
 */
export async function changeAmount(api: string, token: string, id: string, version: number, amountCents: number, attempts = 5): Promise<ReceiptResult> {
  const mutation = `mutation ChangeAmount($id: ID!, $version: Int!, $amountCents: Int!, $idempotencyKey: String) {
    updateReceipt(id: $id, version: $version, input: { amountCents: $amountCents }, idempotencyKey: $idempotencyKey) {
      ${resultFields}
      ... on VersionConflictError { current { ... on Receipt { version amountCents } } }
    }
  }`;
  const { updateReceipt } = await sendOnce<{ updateReceipt: ReceiptResult }>(api, token, mutation, { id, version, amountCents }, attempts);
  if (updateReceipt.__typename !== 'VersionConflictError' || !updateReceipt.current) return updateReceipt;
  const retried = await sendOnce<{ updateReceipt: ReceiptResult }>(api, token, mutation, { id, version: updateReceipt.current.version, amountCents }, attempts);
  return retried.updateReceipt;
}
