import type { ChangeEvent } from '../../server/changelog/change-log';
import type { DataType } from '../../server/domain/data-type';
import { encodeCursor } from '../../server/changelog/cursor';
import type { ChangeListener, FeedView } from '../../server/delivery/feed-view';

export const fakeDatabaseId = '0123456789abcdef0123456789abcdef';

/** A change feed held in memory: the test decides when events are "read" and how much memory keeps. */
export class FakeFeed implements FeedView {
  readonly log: ChangeEvent[] = [];
  horizon = 0;
  /** Events at or below this are not in memory (a replay must read the log). */
  memoryAfter = 0;
  private readonly listeners = new Set<ChangeListener>();
  private position = 0;

  get lastPosition(): number {
    return this.position;
  }

  cursorOf(position: number): string {
    return encodeCursor(position, fakeDatabaseId);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  eventsAfter(position: number): readonly ChangeEvent[] | null {
    if (position < this.memoryAfter) return null;
    return this.log.filter((event) => event.position > position && event.position <= this.position);
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Commits events to the log without the feed having read them yet. */
  commit(...events: ChangeEvent[]): void {
    this.log.push(...events);
  }

  /** The feed reads everything committed and hands it to its listeners, as ChangeFeed does. */
  read(): void {
    const fresh = this.log.filter((event) => event.position > this.position);
    if (fresh.length === 0) return;
    this.position = fresh[fresh.length - 1]!.position;
    for (const listener of [...this.listeners]) listener(fresh);
  }

  /** Reads the log as the database would: everything committed after `after`, whatever the feed has read. */
  readonly readLog = async (after: number, limit: number, types: readonly DataType[] | null): Promise<ChangeEvent[]> =>
    this.log.filter((event) => event.position > after && (!types || types.includes(event.type))).slice(0, limit);
}

let nextPosition = 1;

/** A receipt event owned by `employeeId`, at the next position. */
export function receiptEvent(employeeId: string, position = nextPosition++): ChangeEvent {
  nextPosition = Math.max(nextPosition, position + 1);
  return {
    position,
    type: 'RECEIPT',
    action: 'CREATE',
    entityId: `rcp_${position}`,
    employeeId,
    snapshot: { id: `rcp_${position}` },
    at: new Date(),
    actorId: employeeId,
    previous: null,
    changedFields: null,
  };
}
