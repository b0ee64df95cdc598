import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { nowMs } from './clock';
import type { DeliveryLog } from './delivery-log';

/** What a mobile app subscribes to: receipt changes with enough of the entity to patch its cache. */
const query = 'subscription { dataChanged(type: RECEIPT) { cursor action id node { ... on Receipt { id version amountCents vendor } } } }';

interface DataChanged {
  dataChanged: { cursor: string; action: string; id: string; node: { id: string; version: number } | null };
}

/**
 * One StaffSync subscriber: its own graphql-ws client and socket, signed in as the admin. Resolves once the
 * socket is acknowledged and the subscription sent; every event is logged with the time it arrived.
 */
export function openStaffSyncSubscriber(url: string, token: string, index: number, log: DeliveryLog): Promise<void> {
  return new Promise((resolve, reject) => {
    let open = false;
    const dropped = () => {
      if (open) log.droppedSockets += 1;
      open = false;
    };
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      onNonLazyError: (error) => {
        if (!open) reject(describe(error));
        dropped();
      },
      on: {
        connected: () => {
          open = true;
          client.subscribe<DataChanged>(
            { query },
            {
              next: (result) => {
                const at = nowMs();
                const change = result.data?.dataChanged;
                if (change?.node) log.exact(index, change.node.id, change.node.version, at);
              },
              error: () => {
                log.clientErrors += 1;
                dropped();
              },
              complete: dropped,
            },
          );
          resolve();
        },
        closed: (event) => {
          if (!open) reject(describe(event));
          dropped();
        },
      },
    });
  });
}

function describe(error: unknown): Error {
  if (error instanceof Error) return error;
  const close = error as { code?: number; reason?: string };
  return new Error(close.code !== undefined ? `socket closed ${close.code} ${close.reason ?? ''}`.trim() : String(error));
}
