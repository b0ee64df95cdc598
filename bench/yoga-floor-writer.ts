import { receiptValues, today, type Writer, type Written } from './writer';

const createDocument = 'mutation ($input: CreateReceiptInput!, $key: String) { createReceipt(input: $input, idempotencyKey: $key) { id version } }';

/** The same createReceipt request as StaffSync's writer sends, against the bare graphql-yoga floor server. */
export function yogaFloorWriter(url: string): Writer {
  return {
    async create(sequence, signal) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        signal,
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
        body: JSON.stringify({
          query: createDocument,
          variables: { input: { costCenterId: 'bench', date: today(), category: 'SUPPLIES', ...receiptValues(sequence) }, key: `bench-${sequence}` },
        }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
      const body = JSON.parse(text) as { data?: { createReceipt: Written } };
      if (!body.data) throw new Error(`GraphQL errors: ${text.slice(0, 300)}`);
      return body.data.createReceipt;
    },
    update: () => Promise.reject(new Error('the floor server only creates')),
  };
}
