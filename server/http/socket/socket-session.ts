import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Viewer } from '../../auth/viewer';
import type { Member } from '../../delivery/member';
import type { SocketOperation } from '../delivery-plugin';
import type { OutcomeStream } from '../outcome-stream';
import { SocketSink } from './socket-sink';

/** One operation of a socket while it starts: once it is a dataChanged subscription, the stream graphql-ws iterates. */
export interface SessionOperation extends SocketOperation {
  readonly stream: OutcomeStream | null;
}

/**
 * One signed-in socket: its viewer, its running operations and the subscriptions the engine delivers to
 * it. Closing it ends every one of them, including any graphql-ws lost track of (a client that completes
 * and reuses an id within one burst).
 */
export class SocketSession {
  /** Ids of the operations running on this socket (subscriptions, and queries or mutations in flight). */
  readonly operations = new Set<string>();
  private readonly members = new Map<string, Member>();

  constructor(
    readonly viewer: Viewer,
    private readonly socket: WebSocket,
    private readonly tcp: Socket,
    /** The client's address, as the upgrade request came from it. */
    readonly clientAddress: string,
    /** The upgrade request's X-Request-Id, which every operation of the socket logs; made up per operation when absent. */
    readonly requestId: string | undefined,
    private readonly stopWatching: () => void,
    private readonly onSlow: () => void,
  ) {}

  /** Operations held at once, counting subscriptions whose operation graphql-ws already forgot. */
  get load(): number {
    return Math.max(this.operations.size, this.members.size);
  }

  /** What operation `id` needs for the engine to deliver to this socket. */
  operation(id: string): SessionOperation {
    const operation = {
      sink: new SocketSink(this.socket, this.tcp, id),
      onSlow: this.onSlow,
      stream: null as OutcomeStream | null,
      adopt: (member: Member, stream: OutcomeStream) => {
        operation.stream = stream;
        this.adopt(id, member);
      },
    };
    return operation;
  }

  /** Ends every subscription on the socket and stops watching its session. */
  close(): void {
    this.stopWatching();
    for (const member of [...this.members.values()]) member.end();
    this.members.clear();
    this.operations.clear();
  }

  /** One id names one subscription: a newer one with the same id replaces the older. */
  private adopt(id: string, member: Member): void {
    this.members.get(id)?.end();
    this.members.set(id, member);
    void member.outcome.then(() => {
      if (this.members.get(id) === member) this.members.delete(id);
    });
  }
}
