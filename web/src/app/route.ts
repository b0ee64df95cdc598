import { useSyncExternalStore } from 'react';

export const pages = [
  { path: '/', label: 'Dashboard' },
  { path: '/approvals', label: 'Approvals' },
  { path: '/employees', label: 'Employees' },
  { path: '/mileage', label: 'Mileage' },
  { path: '/receipts', label: 'Receipts' },
  { path: '/time', label: 'Time' },
  { path: '/clock', label: 'On the clock' },
] as const;

export type PagePath = (typeof pages)[number]['path'];

/** The address bar's page, or null for a path the portal does not have. */
export type Route = PagePath | null;

function subscribe(listener: () => void) {
  window.addEventListener('popstate', listener);
  return () => window.removeEventListener('popstate', listener);
}

function currentPath(): Route {
  const path = window.location.pathname.replace(/(.)\/+$/, '$1');
  return pages.find((page) => page.path === path)?.path ?? null;
}

/**
 * The page in the address bar; the server answers every path with the portal, so links survive a
 * reload. An unknown path is null (the portal says so), not the dashboard under a wrong address.
 */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(path: PagePath): void {
  if (window.location.pathname === path) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
