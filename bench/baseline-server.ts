import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocketServer } from 'ws';
import { listenForBench, reportFailure } from './child-ipc';

/**
 * The design StaffSync replaces, rebuilt for comparison: a REST API over node:http on an in-memory Map of
 * receipts, and a plain `ws` server that, after every write, broadcasts a bare "something changed" notice to
 * every socket. Clients then refetch over HTTP. One concession to fairness: the notice carries the changed
 * receipt's id (the original carried none, so clients refetched whole lists); a client fetches just that one.
 * No auth, no database, no validation beyond the shape: the baseline's costs are only the notify-refetch
 * pattern itself.
 */

interface Receipt {
  id: string;
  version: number;
  employeeId: string | null;
  costCenterId: string;
  date: string;
  amountCents: number;
  currency: string;
  vendor: string;
  category: string;
  description: string;
  updatedAt: string;
}

const receipts = new Map<string, Receipt>();

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString() || '{}');
  if (typeof parsed !== 'object' || parsed === null) throw new Error('body must be a JSON object');
  return parsed as Record<string, unknown>;
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
const integer = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isInteger(value) ? value : fallback);

function main(): void {
  const httpServer = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 400, { error: error instanceof Error ? error.message : String(error) }));
  });
  const wss = new WebSocketServer({ server: httpServer, path: '/notices' });

  // The old design's whole sync mechanism: one notice, encoded once, written to every open socket. The
  // version lets a client that takes the notice as the delivery (the bench's `notice` system) be scored.
  const broadcast = (id: string, version: number) => {
    const notice = JSON.stringify({ type: 'changed', entity: 'receipt', id, version });
    for (const socket of wss.clients) socket.send(notice);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/receipts(?:\/([^/?]+))?$/.exec((req.url ?? '/').split('?')[0] ?? '/');
    if (!match) return send(res, 404, { error: 'not found' });
    const id = match[1] ? decodeURIComponent(match[1]) : undefined;

    if (req.method === 'GET' && id) {
      const receipt = receipts.get(id);
      return receipt ? send(res, 200, receipt) : send(res, 404, { error: 'not found' });
    }
    if (req.method === 'POST' && !id) {
      const body = await readJson(req);
      const receipt: Receipt = {
        id: `rct_${randomUUID()}`,
        version: 1,
        employeeId: typeof body.employeeId === 'string' ? body.employeeId : null,
        costCenterId: text(body.costCenterId, ''),
        date: text(body.date, new Date().toISOString().slice(0, 10)),
        amountCents: integer(body.amountCents, 0),
        currency: text(body.currency, 'USD'),
        vendor: text(body.vendor, ''),
        category: text(body.category, 'OTHER'),
        description: text(body.description, ''),
        updatedAt: new Date().toISOString(),
      };
      receipts.set(receipt.id, receipt);
      send(res, 201, receipt);
      return broadcast(receipt.id, receipt.version);
    }
    if (req.method === 'PUT' && id) {
      const current = receipts.get(id);
      if (!current) return send(res, 404, { error: 'not found' });
      const body = await readJson(req);
      const next: Receipt = {
        ...current,
        amountCents: integer(body.amountCents, current.amountCents),
        vendor: text(body.vendor, current.vendor),
        version: current.version + 1,
        updatedAt: new Date().toISOString(),
      };
      receipts.set(id, next);
      send(res, 200, next);
      return broadcast(id, next.version);
    }
    return send(res, 405, { error: 'method not allowed' });
  }

  listenForBench(httpServer, {
    subscriptions: () => wss.clients.size,
    closeSockets: () => {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
    },
  });
}

try {
  main();
} catch (error) {
  reportFailure(error);
}
