import type { Logger } from 'pino';
import type { ChangeEvent } from '../changelog/change-log';
import type { DatabaseHandle } from '../db/client';
import { currentHolder, currentScope, currentScopes, type Scope } from './rules';
import { checkToken, hashToken, lastUseResolutionMs, liveSessionEnd, revokeSessions, sessionEndedChannel, type RevokedReason, type TokenCheck } from './sessions';
import type { Viewer } from './viewer';

/** Why a session stopped being served. */
export type SessionEndReason = RevokedReason | 'EXPIRED' | 'ROLE_CHANGED';

export interface SessionEnd {
  reason: SessionEndReason;
  /** The error code clients branch on (see the README's error contract). */
  code: 'SESSION_REVOKED' | 'SESSION_EXPIRED' | 'ACCOUNT_DEACTIVATED' | 'ACCESS_CHANGED';
  /** Said to the client (a WebSocket close reason, an error message). */
  message: string;
}

const endings: Record<SessionEndReason, Omit<SessionEnd, 'reason'>> = {
  SIGNED_OUT: { code: 'SESSION_REVOKED', message: 'Signed out' },
  SIGNED_OUT_ELSEWHERE: { code: 'SESSION_REVOKED', message: 'Signed out from another device' },
  PASSWORD_CHANGED: { code: 'SESSION_REVOKED', message: 'The password was changed; sign in again' },
  DEACTIVATED: { code: 'ACCOUNT_DEACTIVATED', message: 'This account was deactivated' },
  EXPIRED: { code: 'SESSION_EXPIRED', message: 'Session expired; sign in again' },
  ROLE_CHANGED: { code: 'ACCESS_CHANGED', message: 'Your access changed; sign in again' },
};

const revokedReasons = new Set<string>(['SIGNED_OUT', 'SIGNED_OUT_ELSEWHERE', 'PASSWORD_CHANGED', 'DEACTIVATED'] satisfies RevokedReason[]);

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
  /** Whether notifications from the database reach this instance now (sign-outs come the same way). */
  readonly listening: boolean;
}

/** A signed-in token's check, kept so requests do not read the session on every call. */
interface CachedToken {
  check: Promise<TokenCheck>;
  employeeId: string | null;
  sessionId: string | null;
  /** Until when it may be served: the next use to record (once a minute), or the session's end. */
  freshUntil: number;
}

/** Cached tokens swept of stale ones when the cache grows past this. */
const tokenSweepSize = 10_000;

/**
 * The one answer, for every transport, to "who is this and what may they see, now?". It signs tokens in,
 * computes rights from the employee's current record, and ends whatever a transport holds open for a
 * session (sockets, event streams) when that session is signed out, expires, or its employee is
 * deactivated or changes role, on every instance. Rights are cached per employee and dropped on every
 * employee change before any subscriber sees that change; a computation that started before the drop is
 * never stored, so an old view of an employee cannot be written back. Token checks are cached the same
 * way, per token, for at most the minute after which a use is recorded again, and dropped on every
 * sign-out notification and employee change (and when this instance revokes, at once); while
 * notifications do not arrive, every request reads its session.
 */
export class SessionAuthority {
  private readonly sessions = new Map<string, WatchedSession>();
  private readonly rightsCache = new Map<string, Promise<Scope>>();
  /** By token hash: only checks that signed someone in. */
  private readonly tokenCache = new Map<string, CachedToken>();
  private employeeChanges: EmployeeChanges | null = null;
  /** Bumped on every employee change and sign-out: rights and token checks computed under an older generation are not cached. */
  private generation = 0;
  private stopListening: (() => Promise<void>) | null = null;
  private stopFollowing: (() => void) | null = null;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: Logger,
    /** A session unused for this long ends (each use moves its end forward). */
    private readonly idleTtlMs: number,
  ) {}

  /**
   * Listens for sign-outs from every instance and follows employee changes. Call before anything else
   * subscribes to `employeeChanges`, so rights are dropped before subscribers act on a change.
   */
  async start(employeeChanges: EmployeeChanges): Promise<void> {
    // The payload is the session id, then (from this version on) why it was revoked.
    this.stopListening = await this.database.listen(sessionEndedChannel, (payload) => {
      const [sessionId = '', reason = 'SIGNED_OUT'] = payload.split(' ');
      this.generation += 1;
      this.forgetTokens((token) => token.sessionId === sessionId);
      this.end(sessionId, revokedReasons.has(reason) ? (reason as RevokedReason) : 'SIGNED_OUT');
    });
    this.employeeChanges = employeeChanges;
    this.stopFollowing = employeeChanges.subscribe((events) => this.employeesChanged(events));
  }

  async stop(): Promise<void> {
    this.stopFollowing?.();
    await this.stopListening?.().catch(() => {});
    this.stopListening = null;
    for (const session of this.sessions.values()) clearTimeout(session.expiry);
    this.sessions.clear();
  }

  /** The viewer behind a bearer token, or why there is none: unknown, expired, revoked, or its account inactive. */
  authenticate(token: string): Promise<TokenCheck> {
    const key = hashToken(token);
    const cached = this.tokenCache.get(key);
    if (cached && cached.freshUntil > Date.now() && this.employeeChanges?.listening) return cached.check;
    const generation = this.generation;
    const check = checkToken(this.database.db, token, this.idleTtlMs);
    const entry: CachedToken = { check, employeeId: null, sessionId: null, freshUntil: Date.now() + lastUseResolutionMs };
    if (this.tokenCache.size >= tokenSweepSize) this.forgetTokens((stale) => stale.freshUntil <= Date.now());
    this.tokenCache.set(key, entry);
    const forget = () => {
      if (this.tokenCache.get(key) === entry) this.tokenCache.delete(key);
    };
    check.then((result) => {
      // A check that signed no one in, or ran while a sign-out or employee change arrived, is not kept.
      if (!result.viewer || generation !== this.generation) return forget();
      entry.employeeId = result.viewer.employeeId;
      entry.sessionId = result.viewer.sessionId;
      entry.freshUntil = Math.min(entry.freshUntil, result.viewer.sessionExpiresAt.getTime());
    }, forget);
    return check;
  }

  /**
   * Drops what this instance knows of an employee's sessions and rights, at once: called after a write on
   * this instance revoked sessions or changed the employee (other instances learn it by notification).
   */
  forget(employeeId: string): void {
    this.generation += 1;
    this.rightsCache.delete(employeeId);
    this.forgetTokens((token) => token.employeeId === employeeId || token.employeeId === null);
  }

  /** What an employee may see now, from their current record (inactive or deleted: nothing). */
  rights(employeeId: string): Promise<Scope> {
    return this.rightsCache.get(employeeId) ?? this.keepRights(employeeId, currentScope(this.database.db, employeeId), this.generation);
  }

  /**
   * What each of many employees may see now, as `rights` gives each: those not cached are read together,
   * in a few queries, so thousands of subscription groups starting at once do not queue thousands of reads.
   */
  async rightsOfMany(employeeIds: readonly string[]): Promise<Map<string, Scope>> {
    const missing = employeeIds.filter((employeeId) => !this.rightsCache.has(employeeId));
    if (missing.length > 0) {
      const generation = this.generation;
      const read = currentScopes(this.database.db, missing);
      for (const employeeId of missing) this.keepRights(employeeId, read.then((scopes) => scopes.get(employeeId)!), generation);
    }
    const scopes = await Promise.all(employeeIds.map((employeeId) => this.rights(employeeId)));
    return new Map(employeeIds.map((employeeId, index) => [employeeId, scopes[index]!]));
  }

  /** Caches rights being computed from the records as of `generation`, unless an employee change came meanwhile. */
  private keepRights(employeeId: string, rights: Promise<Scope>, generation: number): Promise<Scope> {
    if (generation !== this.generation) return rights;
    this.rightsCache.set(employeeId, rights);
    rights.then(
      () => {
        // Computed while an employee change arrived: it may describe the old record, so it is not kept.
        if (generation !== this.generation && this.rightsCache.get(employeeId) === rights) this.rightsCache.delete(employeeId);
      },
      () => {
        if (this.rightsCache.get(employeeId) === rights) this.rightsCache.delete(employeeId);
      },
    );
    return rights;
  }

  /**
   * Calls `onEnd` once when the viewer's session stops being valid. Returns the function that stops
   * watching (call it when the transport closes first).
   */
  watch(viewer: Viewer, onEnd: Watcher): () => void {
    let session = this.sessions.get(viewer.sessionId);
    if (!session) {
      session = { viewer, watchers: new Set(), expiry: this.expiryTimer(viewer.sessionId, viewer.sessionExpiresAt) };
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
    await revokeSessions(this.database.db, { sessionId }, 'SIGNED_OUT');
  }

  /** Sessions being watched on this instance (sockets and event streams signed in). */
  get watchedSessions(): number {
    return this.sessions.size;
  }

  /**
   * Fires when a session would end if unused since it was last checked. Use elsewhere (HTTP requests) may
   * have moved its end forward, so the end is read again: the watch goes on, or the session is over.
   */
  private expiryTimer(sessionId: string, expiresAt: Date): NodeJS.Timeout {
    const timer = setTimeout(
      () => {
        liveSessionEnd(this.database.db, sessionId).then(
          (end) => {
            const session = this.sessions.get(sessionId);
            if (!session) return;
            if (end && end.getTime() > Date.now()) session.expiry = this.expiryTimer(sessionId, end);
            else this.end(sessionId, 'EXPIRED');
          },
          (error: unknown) => {
            // Unable to tell: look again shortly rather than end a session that may be alive.
            this.log.warn({ err: error, sessionId }, 'could not re-check an expiring session');
            const session = this.sessions.get(sessionId);
            if (session) session.expiry = this.expiryTimer(sessionId, new Date(Date.now() + 5_000));
          },
        );
      },
      Math.min(Math.max(0, expiresAt.getTime() - Date.now()), 2 ** 31 - 1),
    );
    timer.unref();
    return timer;
  }

  private forgetTokens(which: (token: CachedToken) => boolean): void {
    for (const [key, token] of this.tokenCache) if (which(token)) this.tokenCache.delete(key);
  }

  private end(sessionId: string, reason: SessionEndReason): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    clearTimeout(session.expiry);
    const end = { reason, ...endings[reason] };
    for (const watcher of session.watchers) watcher(end);
  }

  private employeesChanged(events: readonly ChangeEvent[]): void {
    const changed = new Set<string>();
    for (const event of events) if (event.type === 'EMPLOYEE') changed.add(event.entityId);
    if (changed.size === 0) return;
    this.generation += 1;
    this.rightsCache.clear();
    this.forgetTokens((token) => token.employeeId === null || changed.has(token.employeeId));
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
