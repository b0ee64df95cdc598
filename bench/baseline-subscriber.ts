import { Agent, get } from 'node:http';
import WebSocket from 'ws';
import { nowMs } from './clock';
import type { DeliveryLog } from './delivery-log';

/**
 * Refetches share a bounded keep-alive pool per worker process. Real clients would each hold their own
 * connection, but 10,000 extra sockets on each side would exceed the file-descriptor limit this bench checks
 * for; the pool is large enough that it is not what limits the baseline's throughput.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function fetchReceipt(url: string, id: string): Promise<{ id: string; version: number; at: number }> {
  return new Promise((resolve, reject) => {
    get(`${url}/receipts/${encodeURIComponent(id)}`, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const at = nowMs();
        if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode}`));
        const receipt = JSON.parse(Buffer.concat(chunks).toString()) as { id: string; version: number };
        resolve({ id: receipt.id, version: receipt.version, at });
      });
      response.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * A client that takes the notice itself as the delivery, refetching nothing: what the cheapest possible push
 * (a bare notice, the same small message to every socket) costs the server.
 */
export function openNoticeSubscriber(url: string, index: number, log: DeliveryLog): Promise<void> {
  return openNoticeSocket(url, log, (data) => {
    const at = nowMs();
    const notice = JSON.parse(String(data)) as { id: string; version: number };
    log.exact(index, notice.id, notice.version, at);
  });
}

/**
 * A socket to the baseline's /notices that hands each message to `onMessage`; resolves once open, and
 * counts a drop after that in the log.
 */
function openNoticeSocket(url: string, log: DeliveryLog, onMessage: (data: WebSocket.RawData) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let open = false;
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/notices`);
    socket.on('open', () => {
      open = true;
      resolve();
    });
    socket.on('message', onMessage);
    socket.on('error', (error) => {
      if (!open) reject(error);
    });
    socket.on('close', () => {
      if (open) log.droppedSockets += 1;
      open = false;
    });
  });
}

/**
 * One client of the replaced design: a plain socket that receives "receipt <id> changed" notices and
 * refetches that receipt over HTTP; the change counts as delivered when the refetch returns.
 *
 * Like a phone, a client runs one refetch at a time and keeps the receipts still to refetch in a set, so
 * several notices for one receipt cost one request (a refetch returns the latest version, which covers them
 * all). This favours the baseline under load, and it keeps each client's backlog its own: one shared FIFO
 * of every client's requests would make everyone wait behind the slowest and measure the queue, not the design.
 */
export function openBaselineSubscriber(url: string, index: number, log: DeliveryLog): Promise<void> {
  const stale = new Set<string>();
  let fetching = false;
  const refetchNext = () => {
    if (fetching) return;
    const id = stale.values().next().value;
    if (id === undefined) return;
    stale.delete(id);
    fetching = true;
    fetchReceipt(url, id)
      .then((receipt) => log.upTo(index, receipt.id, receipt.version, receipt.at))
      // A failed refetch is not retried (the change then counts as lost), but it is counted.
      .catch(() => {
        log.clientErrors += 1;
      })
      .finally(() => {
        fetching = false;
        refetchNext();
      });
  };
  return openNoticeSocket(url, log, (data) => {
    const notice = JSON.parse(String(data)) as { type: string; entity: string; id?: string };
    if (notice.type !== 'changed' || notice.entity !== 'receipt' || !notice.id) return;
    stale.add(notice.id);
    refetchNext();
  });
}
