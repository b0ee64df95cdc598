import type { Queryable } from '../db/client';
import { scopeOf, type Scope } from './rules';
import type { Viewer } from './viewer';

/**
 * Access scopes of the viewers holding subscriptions on this instance, computed once per viewer and
 * shared by all their sockets. Scopes depend on employees and their cost centers, which change only
 * through EMPLOYEE change events; the first subscriber to see such an event clears the cache, so the
 * event itself and every later one are checked against the viewer's rights as they are now.
 */
export class ScopeCache {
  private readonly scopes = new Map<string, Promise<Scope>>();
  private validAfter = 0;

  constructor(private readonly db: Queryable) {}

  /** Call with each EMPLOYEE event's position before checking it; idempotent across subscribers. */
  employeesChangedAt(position: number): void {
    if (position <= this.validAfter) return;
    this.validAfter = position;
    this.scopes.clear();
  }

  get(viewer: Viewer): Promise<Scope> {
    let scope = this.scopes.get(viewer.employeeId);
    if (!scope) {
      scope = scopeOf(this.db, viewer);
      scope.catch(() => this.scopes.delete(viewer.employeeId));
      this.scopes.set(viewer.employeeId, scope);
    }
    return scope;
  }
}
