import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { ChangeEvent } from '../changelog/change-log';
import type { DatabaseHandle } from '../db/client';
import { currentHolder, currentScope, type Scope } from './rules';
import { revokeSession, viewerForToken } from './sessions';
import type { Viewer } from './viewer';

/** NOTIFY channel on which any instance announces a session ended (its payload is the session id). */
const sessionChannel = 'staffsync_sessions';

/** Why a session stopped being served. */
export type SessionEndReason = 'SIGNED_OUT' | 'EXPIRED' | 'DEACTIVATED' | 'ROLE_CHANGED';

export interface SessionEnd {
  reason: SessionEndReason;
  /** Said to the client (a WebSocket close reason, an error message). */
  message: string;
}

const endMessages: Record<SessionEndReason, string> = {
  SIGNED_OUT: 'Session ended',
  EXPIRED: 'Session expired',
  DEACTIVATED: 'Account deactivated',
  ROLE_CHANGED: 'Access changed; sign in again',
};

/** Something a transport keeps open for a session: a socket, an event stream. */
type Watcher = (end: SessionEnd) => void;

interface WatchedSession {
  viewer: Viewer;
  watchers: Set<Watcher>;
  expiry: NodeJS.Timeout;
}

/** What the authority follows to learn that employees changed (the change feed). */
export interface EmployeeChanges {
  subscribe(listener: (events: readonly ChangeEvent[]) => void): () => void;
}

/**
 * The one answer, for every transport, to "who is this and what may they see, now?". It signs tokens in,
 * computes rights from the employee's current record, and ends whatever a transport holds open for a
 * session (sockets, event streams) when that session is signed out, expires, or its employee is
 * deactivated or changes role, on every instance. Rights are cached per employee and dropped on every
 * employee change before any subscriber sees that change; a computation that started before the drop is
 * never stored, so an old view of an employee cannot be written back.
 */
export class SessionAuthority {
  private readonly sessions = new Map<string, WatchedSession>();
  private readonly rightsCache = new Map<string, Promise<Scope>>();
  /** Bumped on every employee change: rights computed under an older generation are not cached. */
  private generation = 0;
  private stopListening: (() => Promise<void>) | null = null;
  private stopFollowing: (() => void) | null = null;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: Logger,
  ) {}

  /**
   * Listens for sign-outs from every instance and follows employee changes. Call before anything else
   * subscribes to `employeeChanges`, so rights are dropped before subscribers act on a change.
   */
  async start(employeeChanges: EmployeeChanges): Promise<void> {
    this.stopListening = await this.database.listen(sessionChannel, (sessionId) => this.end(sessionId, 'SIGNED_OUT'));
    this.stopFollowing = employeeChanges.subscribe((events) => this.employeesChanged(events));
  }

  async stop(): Promise<void> {
    this.stopFollowing?.();
    await this.stopListening?.().catch(() => {});
    this.stopListening = null;
    for (const session of this.sessions.values()) clearTimeout(session.expiry);
    this.sessions.clear();
  }

  /** The viewer behind a bearer token, or null when it is unknown, expired, revoked or its account inactive. */
  authenticate(token: string): Promise<Viewer | null> {
    return viewerForToken(this.database.db, token);
  }

  /** What an employee may see now, from their current record (inactive or deleted: nothing). */
  rights(employeeId: string): Promise<Scope> {
    const cached = this.rightsCache.get(employeeId);
    if (cached) return cached;
    const generation = this.generation;
    const rights = currentScope(this.database.db, employeeId);
    if (generation === this.generation) {
      this.rightsCache.set(employeeId, rights);
      rights.then(
        () => {
          // Computed while an employee change arrived: it may describe the old record, so it is not kept.
          if (generation !== this.generation && this.rightsCache.get(employeeId) === rights) this.rightsCache.delete(employeeId);
        },
        () => this.rightsCache.delete(employeeId),
      );
    }
    return rights;
  }

  /**
   * Calls `onEnd` once when the viewer's session stops being valid. Returns the function that stops
   * watching (call it when the transport closes first).
   */
  watch(viewer: Viewer, onEnd: Watcher): () => void {
    let session = this.sessions.get(viewer.sessionId);
    if (!session) {
      const expiresIn = Math.max(0, viewer.sessionExpiresAt.getTime() - Date.now());
      const expiry = setTimeout(() => this.end(viewer.sessionId, 'EXPIRED'), Math.min(expiresIn, 2 ** 31 - 1));
      expiry.unref();
      session = { viewer, watchers: new Set(), expiry };
      this.sessions.set(viewer.sessionId, session);
    }
    const watched = session;
    watched.watchers.add(onEnd);
    return () => {
      watched.watchers.delete(onEnd);
      if (watched.watchers.size > 0 || this.sessions.get(viewer.sessionId) !== watched) return;
      clearTimeout(watched.expiry);
      this.sessions.delete(viewer.sessionId);
    };
  }

  /** Revokes a session and tells every instance, so whatever it holds open closes at once. */
  async signOut(sessionId: string): Promise<void> {
    await revokeSession(this.database.db, sessionId);
    await this.database.db.execute(sql`select pg_notify(${sessionChannel}, ${sessionId})`);
  }

  /** Sessions being watched on this instance (sockets and event streams signed in). */
  get watchedSessions(): number {
    return this.sessions.size;
  }

  private end(sessionId: string, reason: SessionEndReason): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    clearTimeout(session.expiry);
    const end = { reason, message: endMessages[reason] };
    for (const watcher of session.watchers) watcher(end);
  }

  private employeesChanged(events: readonly ChangeEvent[]): void {
    const changed = new Set<string>();
    for (const event of events) if (event.type === 'EMPLOYEE') changed.add(event.entityId);
    if (changed.size === 0) return;
    this.generation += 1;
    this.rightsCache.clear();
    for (const employeeId of changed) {
      const sessions = [...this.sessions.values()].filter((session) => session.viewer.employeeId === employeeId);
      if (sessions.length > 0) void this.recheck(employeeId);
    }
  }

  /** A changed employee's sessions end if the account was deactivated or removed, or its role changed. */
  private async recheck(employeeId: string): Promise<void> {
    try {
      const holder = await currentHolder(this.database.db, employeeId);
      for (const [sessionId, session] of [...this.sessions]) {
        if (session.viewer.employeeId !== employeeId) continue;
        if (!holder?.active) this.end(sessionId, 'DEACTIVATED');
        else if (holder.role !== session.viewer.role) this.end(sessionId, 'ROLE_CHANGED');
      }
    } catch (error) {
      // The rights of its subscriptions already follow the change; only the closing waits for the database.
      this.log.warn({ err: error, employeeId }, 'could not re-check the sessions of a changed employee');
    }
  }
}
