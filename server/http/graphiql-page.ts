import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphiQLOptions } from 'graphql-yoga';
import { graphiqlConfigElementId, graphiqlManifestFile, type GraphiQLAssets, type GraphiQLPageConfig } from './graphiql-contract';
import { portalDirectory } from './static-files';

const manifestPath = join(portalDirectory, graphiqlManifestFile);

/** The asset list from the last portal build, or null when the portal has not been built. */
export function readGraphiQLAssets(): GraphiQLAssets | null {
  return existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as GraphiQLAssets) : null;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** JSON safe inside a <script> element: no `</script>` or `<!--` can appear in it. */
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Renders the GraphiQL page for Yoga's `renderGraphiQL` option: a small document that loads every script
 * and style from its own cacheable file and carries its options as JSON, with no inline script or style
 * (so a strict Content-Security-Policy can apply). Without a build, a page saying how to make one.
 */
export function graphiqlPageRenderer(assets: GraphiQLAssets | null): (options: GraphiQLOptions) => string {
  if (!assets) {
    return () =>
      '<!doctype html><meta charset="utf-8"><title>GraphiQL is not built</title>' +
      '<p>GraphiQL is served from the portal build. Run <code>npm run build:web</code> (npm start does it) and reload.</p>';
  }
  return (options) => {
    const config: GraphiQLPageConfig = { options, workers: assets.workers };
    return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${assets.favicon}" />
    <link rel="stylesheet" href="${assets.style}" />
    <script src="${assets.script}" defer></script>
    <script type="module" src="${assets.boot}"></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>GraphiQL needs JavaScript.</noscript>
    <div id="root"></div>
    <script type="application/json" id="${graphiqlConfigElementId}">${scriptSafeJson(config)}</script>
  </body>
</html>
`;
  };
}
