import type { PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Builds the portal's service worker (web/service-worker/portal-worker.ts, bundled by Vite) with the
 * list of files it precaches: the page and the hashed files under assets/, so the portal starts with
 * no network after one visit. GraphiQL's files and the compressed copies stay out: GraphiQL is not
 * offline, and the server picks the encoding. The page registers the worker through a small script
 * the build adds to index.html (an inline one would break the page's Content-Security-Policy).
 */
export function offlineShell(): PluginOption {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'service-worker',
    filename: 'portal-worker.ts',
    injectRegister: 'script-defer',
    manifest: false,
    injectManifest: {
      globPatterns: ['index.html', 'assets/**/*.{js,css,woff2,svg,png}'],
      globIgnores: ['assets/graphiql-*'],
    },
  });
}
