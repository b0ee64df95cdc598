import type { Queryable } from '../db/client';
import type { ChangeFeed } from '../sync/change-feed';
import { scopeOf, type Scope } from './rules';
import type { Viewer } from './viewer';

/**
 * Access scopes of the viewers holding subscriptions on this instance, computed once per viewer and
 * shared by all their sockets. Scopes depend on employees and their cost centers, which change only
 * through EMPLOYEE change events. The cache follows the change feed and is registered on it before any
 * subscription, so it is cleared before any subscriber checks the event or a later one.
 */
export class ScopeCache {
  private readonly scopes = new Map<string, Promise<Scope>>();

  constructor(private readonly db: Queryable) {}

  /** Clears the cache on every EMPLOYEE event read by `feed`; call before subscriptions exist. */
  follow(feed: ChangeFeed): () => void {
    return feed.subscribe((events) => {
      if (events.some((event) => event.type === 'EMPLOYEE')) this.scopes.clear();
    });
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
