import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, PrecacheFallbackPlugin, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope & {
  /** Replaced by the build with the portal's page and every hashed file (vite.config.ts, offlineShell). */
  __WB_MANIFEST: Array<PrecacheEntry | string>;
};

/**
 * The page as the server sent it when this worker was installed. It carries its nonce twice, in its
 * meta element and in its Content-Security-Policy header, and the cache keeps both, so the page shown
 * offline runs under the policy it was written for. It is reused only while the network is out.
 */
const shellUrl = '/index.html';

/** Navigations that are the server's, not the portal's: GraphiQL, health, metrics, downloads, receipt photos. */
const serverPaths = /^\/(graphql|health|ready|metrics|exports|photos)(\/|$)/;

/** A navigation waits this long for the network (a weak signal) before the stored page is shown. */
const navigationTimeoutSeconds = 5;

// A new deploy's worker takes over at once, so the page kept for offline use is always the newest one
// and its files are the ones precached with it. Open tabs keep running the code they loaded; a reload
// (or the next start) runs the new one.
self.addEventListener('install', () => {
  void self.skipWaiting();
});
clientsClaim();

// Registered first, so the precache route below never answers a navigation: pages come from the
// network, and from the precache only when the network fails.
registerRoute(
  new NavigationRoute(
    new NetworkOnly({
      networkTimeoutSeconds: navigationTimeoutSeconds,
      plugins: [new PrecacheFallbackPlugin({ fallbackURL: shellUrl })],
    }),
    { denylist: [serverPaths] },
  ),
);

// The hashed files (and the page, for the fallback) from the cache. Nothing else is routed: API
// requests, subscriptions, downloads and every non-GET request go to the network untouched.
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
