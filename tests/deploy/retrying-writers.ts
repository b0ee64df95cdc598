import { randomUUID } from 'node:crypto';
import dayjs from 'dayjs';

const createReceipt = `mutation ($input: CreateReceiptInput!, $key: String) {
  createReceipt(input: $input, idempotencyKey: $key) { __typename ... on Receipt { id } ... on Error { message } }
}`;

export interface WriteOutcome {
  vendor: string;
  /** The receipt's id once a try succeeded. */
  id: string | null;
  tries: number;
}

/**
 * Writers creating receipts through `url` as a mobile app does (README "saveReceipt"): each receipt has
 * one idempotency key, and a try that fails (refused, 502, a GraphQL error) is repeated with the same key
 * until it succeeds, so a write is never lost and never made twice. Each writer pauses `pauseMs` between
 * receipts. `stop()` lets every started receipt finish.
 */
export function startWriters(options: { url: string; token: string; costCenterId: string; writers: number; pauseMs: number; label: string }) {
  const outcomes: WriteOutcome[] = [];
  /** Failed tries by what went wrong, e.g. "HTTP 502". */
  const failures = new Map<string, number>();
  let stopping = false;

  async function tryOnce(vendor: string, key: string): Promise<string | null> {
    try {
      const response = await fetch(`${options.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify({
          query: createReceipt,
          variables: { key, input: { costCenterId: options.costCenterId, date: dayjs().format('YYYY-MM-DD'), amountCents: 100, vendor, category: 'OTHER' } },
        }),
      });
      const body = (await response.json().catch(() => null)) as { data?: { createReceipt?: { __typename: string; id?: string } }; errors?: Array<{ extensions?: { code?: string } }> } | null;
      const receipt = body?.data?.createReceipt;
      if (response.status === 200 && receipt?.__typename === 'Receipt' && receipt.id) return receipt.id;
      const reason = `HTTP ${response.status} ${receipt?.__typename ?? body?.errors?.[0]?.extensions?.code ?? ''}`.trim();
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    } catch (error) {
      const reason = `no response (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`;
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
    return null;
  }

  const loops = Array.from({ length: options.writers }, async (_, writer) => {
    for (let n = 0; !stopping; n++) {
      const outcome: WriteOutcome = { vendor: `${options.label} w${writer} #${n}`, id: null, tries: 0 };
      outcomes.push(outcome);
      const key = randomUUID();
      while (outcome.id === null && outcome.tries < 100) {
        outcome.tries += 1;
        outcome.id = await tryOnce(outcome.vendor, key);
        if (outcome.id === null) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  });

  return {
    outcomes,
    failures,
    /** Waits for the receipts being written to be confirmed, and starts no more. */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.all(loops);
    },
  };
}
