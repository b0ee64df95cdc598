import { receiptValues, today, type Writer, type Written } from './writer';

async function call(url: string, method: 'POST' | 'PUT', body: unknown, signal?: AbortSignal): Promise<Written> {
  const response = await fetch(url, { method, signal, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  const receipt = JSON.parse(text) as Written;
  return { id: receipt.id, version: receipt.version };
}

/** POST /receipts and PUT /receipts/:id against the baseline's REST API. */
export function baselineWriter(url: string): Writer {
  return {
    create: (sequence, signal) =>
      call(`${url}/receipts`, 'POST', { costCenterId: 'bench', date: today(), category: 'SUPPLIES', ...receiptValues(sequence) }, signal),
    update: (id, _version, sequence, signal) => call(`${url}/receipts/${encodeURIComponent(id)}`, 'PUT', receiptValues(sequence), signal),
  };
}
