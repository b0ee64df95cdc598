import type { CombinedError } from '@urql/core';
import { useMutation } from 'urql';
import { requestErrorMessage } from '../graphql/request-error';
import { graphql } from '../graphql/graphql';
import { ReceiptFields } from './receipt-fields';

const ReceiptPhoto_Attach = graphql(
  `
    mutation ReceiptPhoto_Attach($id: ID!, $file: File!) {
      attachReceiptPhoto(id: $id, file: $file) {
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
function tooLarge(error: CombinedError | undefined): boolean {
  return error?.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === 'REQUEST_ENTITY_TOO_LARGE') === true || (error?.response as Response | undefined)?.status === 413;
}

/** Null when it worked, else a sentence for the user. */
type PhotoOutcome = string | null;

/** The types a receipt photo may be; the server decides from the bytes, this only guides the file picker. */
export const acceptedPhotoTypes = 'image/jpeg,image/png,image/webp,application/pdf';

/** Attaches (uploads) and removes a receipt's photo; the answer's receipt updates the cache like any write. */
export function useReceiptPhoto() {
  const [attaching, attachMutation] = useMutation(ReceiptPhoto_Attach);
  const [, removeMutation] = useMutation(ReceiptPhoto_Remove);
  return {
    uploading: attaching.fetching,
    async attach(receiptId: string, file: File): Promise<PhotoOutcome> {
      const result = await attachMutation({ id: receiptId, file });
      const answer = result.data?.attachReceiptPhoto;
      if (!answer) return tooLarge(result.error) ? 'The file is over 10 MB; take the photo again at a lower resolution' : requestErrorMessage(result.error, 'saved');
      return answer.__typename === 'Receipt' ? null : (answer.message ?? 'The photo was not kept');
    },
    async remove(receiptId: string): Promise<PhotoOutcome> {
      const result = await removeMutation({ id: receiptId });
      const answer = result.data?.removeReceiptPhoto;
      if (!answer) return requestErrorMessage(result.error, 'saved');
      return answer.__typename === 'Receipt' ? null : (answer.message ?? 'The photo was not removed');
    },
  };
}
