import { ApiClient } from '../../client/api-client';
import { fileStorage } from '../../client/adapters/file-storage';
import { Outbox } from '../../client/outbox';

/**
 * An app process of the outbox test: opens the outbox stored in `directory`, queues receipts `from`..`to`
 * while offline, tries to send them, and exits, as an app killed in a tunnel would.
 */
const [directory, apiUrl, token, costCenterId, date, run, from, to] = process.argv.slice(2) as [string, string, string, string, string, string, string, string];
const outbox = new Outbox({ api: new ApiClient(apiUrl, token, 2_000), storage: fileStorage(directory), key: 'outbox' });
for (let index = Number(from); index <= Number(to); index++) {
  await outbox.queue({ action: 'create', typename: 'Receipt', input: { costCenterId, date, amountCents: 100 + index, vendor: `${run} ${String(index).padStart(2, '0')}`, category: 'OTHER' } });
}
const paused = await outbox.flush();
process.stdout.write(JSON.stringify({ paused, pending: (await outbox.pending()).length }));
