import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { offlineShell } from './web/build/offline-shell';
import { precompress, precompressAfterBuild } from './web/build/precompress';
import { trustedDocuments } from './web/build/trusted-documents';
import { graphiqlAssets } from './web/graphiql/assets-plugin';

const webRoot = fileURLToPath(new URL('./web', import.meta.url));
/** Where `npm run dev` serves the API; set API_TARGET when it runs elsewhere. */
const apiTarget = process.env.API_TARGET ?? 'http://127.0.0.1:4000';

/**
 * The staff portal. `npm run build:web` writes web/dist (with GraphiQL's files, and a .br and a .gz
 * beside every file worth compressing), which the server serves at /; `npm run dev:web` serves it with
 * hot reload and forwards /graphql (HTTP and WebSocket) to the API from `npm run dev`.
 */
export default defineConfig({
  root: webRoot,
  plugins: [
    react(),
    graphiqlAssets(),
    trustedDocuments(),
    offlineShell(),
    precompress(),
    precompressAfterBuild(['portal-worker.js']),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: apiTarget, ws: true, changeOrigin: true },
      '/ready': { target: apiTarget, changeOrigin: true },
      '/photos': { target: apiTarget, changeOrigin: true },
    },
  },
});
