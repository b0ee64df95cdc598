import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A lazily loaded page that can be loaded again: React.lazy keeps a failed import forever. */
export interface RetryableLazy {
  current(): LazyExoticComponent<ComponentType>;
  /** Forgets a failed load, so the next render imports the page again. */
  retry(): void;
}

/** A dynamic import that failed for want of the network (Chromium, Firefox and Safari word it differently). */
export function isLoadFailure(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload/i.test(error.message);
}

const reloadedAtKey = 'staffsync.reloaded-for-modules';

/** Reloads the tab, at most once a minute: a page that keeps failing must not reload for ever. */
function reloadForFreshModules(): boolean {
  const last = Number(sessionStorage.getItem(reloadedAtKey) ?? 0);
  if (Date.now() - last < 60_000) return false;
  sessionStorage.setItem(reloadedAtKey, String(Date.now()));
  window.location.reload();
  return true;
}

const serverAnswers = () => fetch('/health', { cache: 'no-store' }).then((response) => response.ok, () => false);

export function retryableLazy(load: () => Promise<ComponentType>): RetryableLazy {
  let retried = false;
  const make = () =>
    lazy(async () => {
      try {
        return { default: await load() };
      } catch (error) {
        // Some browsers (Chromium 143, for one) keep a module that failed to load failed for the life of the
        // tab, however often it is imported again: once the server answers, only a reload fetches it anew.
        if (retried && isLoadFailure(error) && (await serverAnswers()) && reloadForFreshModules()) return new Promise<never>(() => {});
        throw error;
      }
    });
  let component = make();
  return {
    current: () => component,
    retry: () => {
      retried = true;
      component = make();
    },
  };
}
