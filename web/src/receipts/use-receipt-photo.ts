import type { CombinedError } from '@urql/core';
import { useMutation } from 'urql';
import { maxFileBytes, type OutgoingFile } from '../../../client/writes';
import { useSendOrQueue } from '../forms/use-entity-save';
import { writeOutcome, type WriteOutcome } from '../forms/write-outcome';
import { requestErrorMessage } from '../graphql/request-error';
import { graphql } from '../graphql/graphql';
import { ReceiptFields } from './receipt-fields';
import { isReceipt, type Receipt } from './receipt-values';

const ReceiptPhoto_Attach = graphql(
  `
    mutation ReceiptPhoto_Attach($id: ID!, $file: File!, $idempotencyKey: String) {
      attachReceiptPhoto(id: $id, file: $file, idempotencyKey: $idempotencyKey) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
        ... on Error {
          message
        }
      }
    }
  `,
  [ReceiptFields],
);

const ReceiptPhoto_Remove = graphql(
  `
    mutation ReceiptPhoto_Remove($id: ID!) {
      removeReceiptPhoto(id: $id) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
        ... on Error {
          message
        }
      }
    }
  `,
  [ReceiptFields],
);

/** The server refused the upload for its size, before reading it (HTTP 413). */
export function photoTooLarge(error: CombinedError | undefined): boolean {
  return error?.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === 'REQUEST_ENTITY_TOO_LARGE') === true || (error?.response as Response | undefined)?.status === 413;
}

/** Null when it worked, else a sentence for the user. */
type PhotoOutcome = string | null;

/** The types a receipt photo may be; the server decides from the bytes, this only guides the file picker. */
export const acceptedPhotoTypes = 'image/jpeg,image/png,image/webp,application/pdf';

/** What the user hears about a file over the server's limit, before anything is sent or queued. */
export const photoTooLargeMessage = `The file is over ${maxFileBytes / 1024 / 1024} MB; take the photo again at a lower resolution`;

/** A file as the outbox takes it. */
export const outgoingPhoto = (file: File): OutgoingFile => ({ bytes: file, name: file.name, type: file.type });

/**
 * Attaches (uploads) and removes a receipt's photo; the answer's receipt updates the cache like any write.
 * An attach without a connection (or without an answer) is kept in the outbox with its photo and sent
 * when the server can be reached.
 */
export function useReceiptPhoto() {
  const [attaching, attachMutation] = useMutation(ReceiptPhoto_Attach);
  const [, removeMutation] = useMutation(ReceiptPhoto_Remove);
  const sendOrQueue = useSendOrQueue();
  return {
    uploading: attaching.fetching,
    attach(receipt: Receipt, file: File): Promise<WriteOutcome<Receipt>> {
      const summary = { vendor: receipt.vendor, amountCents: receipt.amountCents, currency: receipt.currency, date: receipt.date };
      return sendOrQueue({ action: 'attachPhoto', typename: 'Receipt', id: receipt.id, photo: outgoingPhoto(file), summary }, async (idempotencyKey) => {
        const result = await attachMutation({ id: receipt.id, file, idempotencyKey });
        if (!result.data?.attachReceiptPhoto && photoTooLarge(result.error)) return { kind: 'failed', message: photoTooLargeMessage };
        return writeOutcome(result.data?.attachReceiptPhoto, result.error, isReceipt);
      });
    },
    async remove(receiptId: string): Promise<PhotoOutcome> {
      const result = await removeMutation({ id: receiptId });
      const answer = result.data?.removeReceiptPhoto;
      if (!answer) return requestErrorMessage(result.error, 'saved');
      return answer.__typename === 'Receipt' ? null : (answer.message ?? 'The photo was not removed');
    },
  };
}
