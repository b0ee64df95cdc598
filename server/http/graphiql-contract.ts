import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * What the portal build, the server's GraphiQL page and the page's boot script agree on. No Node imports:
 * the boot script (web/graphiql/boot.ts) is bundled for the browser from this file too.
 */

/**
 * The files of Yoga's prebuilt GraphiQL as the portal build writes them (web/graphiql/assets-plugin.ts):
 * URL paths of content-hashed files, served from web/dist with the portal's caching and compression.
 */
export interface GraphiQLAssets {
  /** Yoga's GraphiQL bundle, a classic script defining `YogaGraphiQL`. */
  script: string;
  /** GraphiQL's and Monaco's styles; their fonts are separate files, fetched only when used. */
  style: string;
  /** The module script that starts GraphiQL with the options on the page (web/graphiql/boot.ts). */
  boot: string;
  favicon: string;
  /** Monaco's web workers by label: `editorWorkerService`, `json`, `graphql`. */
  workers: Record<string, string>;
}

/** Where the build leaves the list of GraphiQL's files, relative to web/dist (a dot folder: never served). */
export const graphiqlManifestFile = '.vite/graphiql.json';

/** The id of the `application/json` script element holding the page's configuration. */
export const graphiqlConfigElementId = 'graphiql-config';

/** The page's configuration, as boot.ts reads it. */
export interface GraphiQLPageConfig {
  options: GraphiQLOptions;
  workers: Record<string, string>;
}
