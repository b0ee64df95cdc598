/**
 * Starts Yoga's prebuilt GraphiQL (loaded just before as a classic script) with the options the server put
 * on the page as JSON, Monaco's workers from their own files, and the Headers tab as graphql-ws connection
 * params, so the same Authorization header signs in queries and subscriptions alike.
 */
import { graphiqlConfigElementId, type GraphiQLPageConfig } from '../../server/http/graphiql-contract';

declare global {
  interface Window {
    YogaGraphiQL: { renderYogaGraphiQL(root: Element, options: object): void };
    MonacoEnvironment?: { globalAPI: boolean; getWorker(workerId: string, label: string): Worker };
  }
}

/** Where GraphiQL persists the active tab's headers (it does so by default in Yoga's build). */
const headersStorageKey = 'graphiql:headers';

function headersTab(): Record<string, unknown> {
  try {
    const headers: unknown = JSON.parse(localStorage.getItem(headersStorageKey) ?? '{}');
    return headers && typeof headers === 'object' ? (headers as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const config = JSON.parse(document.getElementById(graphiqlConfigElementId)?.textContent ?? '{}') as GraphiQLPageConfig;

// Workers from same-origin files (not blob: URLs), so `worker-src 'self'` is enough for them.
window.MonacoEnvironment = {
  globalAPI: false,
  getWorker: (_workerId, label) => new Worker(config.workers[label] ?? config.workers.editorWorkerService!, { name: label }),
};

window.YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root')!, {
  ...config.options,
  // Read each time a socket opens, so a token pasted into the Headers tab applies to the next subscription.
  connectionParams: headersTab,
});
