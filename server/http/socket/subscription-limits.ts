import { GraphQLError } from 'graphql';
import type { SocketSession } from './socket-session';

export interface SocketLimits {
  /** Operations one socket may hold at once. */
  operationsPerSocket: number;
  /** Sockets one employee may hold on this instance (all their devices and tabs). */
  socketsPerEmployee: number;
  /** Operations one employee may hold on this instance, over all their sockets. */
  operationsPerEmployee: number;
}

/**
 * The sockets of this instance by employee, and the limits that keep one employee from taking the
 * server's time from everyone else (every subscription costs an execution per change it can see).
 */
export class SocketRegistry {
  private readonly byEmployee = new Map<string, Set<SocketSession>>();
  private count = 0;

  constructor(private readonly limits: SocketLimits) {}

  get size(): number {
    return this.count;
  }

  /** Operations running over all sockets. */
  get load(): number {
    let total = 0;
    for (const sessions of this.byEmployee.values()) for (const session of sessions) total += session.load;
    return total;
  }

  /** Registers a signed-in socket; false (and nothing registered) when its employee holds the most allowed. */
  admit(session: SocketSession): boolean {
    const sessions = this.byEmployee.get(session.viewer.employeeId) ?? new Set();
    if (sessions.size >= this.limits.socketsPerEmployee) return false;
    sessions.add(session);
    this.byEmployee.set(session.viewer.employeeId, sessions);
    this.count += 1;
    return true;
  }

  remove(session: SocketSession): void {
    const sessions = this.byEmployee.get(session.viewer.employeeId);
    if (!sessions?.delete(session)) return;
    this.count -= 1;
    if (sessions.size === 0) this.byEmployee.delete(session.viewer.employeeId);
  }

  /** Refuses an operation that would take its socket or its employee over a limit; null when it may run. */
  refuseOperation(session: SocketSession): GraphQLError | null {
    if (session.load >= this.limits.operationsPerSocket) return tooMany(`At most ${this.limits.operationsPerSocket} operations per socket`);
    let employeeLoad = 0;
    for (const other of this.byEmployee.get(session.viewer.employeeId) ?? []) employeeLoad += other.load;
    if (employeeLoad >= this.limits.operationsPerEmployee) return tooMany(`At most ${this.limits.operationsPerEmployee} operations per employee, over all their sockets`);
    return null;
  }
}

function tooMany(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
}
