import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip, type InputType } from 'node:zlib';
import type { Plugin } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { cachedByContent } from './content-cache';

const brotliBest = promisify(brotliCompress);
const gzipBest = promisify(gzip);

/** The plugin hands over file contents as strings or byte views. */
const asBytes = (input: InputType) => (input instanceof ArrayBuffer ? new Uint8Array(input) : input);

const brotli = async (input: InputType): Promise<Buffer> =>
  cachedByContent('br11w24', asBytes(input), (bytes) =>
    brotliBest(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        // The largest window RFC 7932 allows every decoder (24 bits): only GraphiQL's 5 MB script gains (5 KB).
        [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
        [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(bytes),
      },
    }),
  );
const gzipped = async (input: InputType): Promise<Buffer> =>
  cachedByContent('gz9', asBytes(input), (bytes) => gzipBest(bytes, { level: constants.Z_BEST_COMPRESSION }));

/**
 * Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every built file of 1 KB or
 * more that compresses (text, uncompressed fonts, icons), for the server to send by content negotiation;
 * each copy is remembered by content between builds (content-cache.ts).
 */
export function precompress(): Plugin {
  return compression({
    algorithms: [defineAlgorithm(brotli, {}), defineAlgorithm(gzipped, {})],
    filename: (_id, { algorithm }) => (algorithm === brotli ? '[path][base].br' : '[path][base].gz'),
    include: /\.(html|css|js|json|svg|ttf|ico)$/,
    exclude: /(^|\/)\.vite\//,
    threshold: 1024,
  });
}

/**
 * The same copies for files written after the bundle (the service worker, which vite-plugin-pwa builds
 * when the bundle is closed): run after every other plugin's closeBundle has finished.
 */
export function precompressAfterBuild(fileNames: string[]): Plugin {
  let outDir = '';
  return {
    name: 'staffsync-precompress-after-build',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        for (const fileName of fileNames) {
          const path = join(outDir, fileName);
          const bytes = await readFile(path);
          await writeFile(`${path}.br`, await brotli(bytes));
          await writeFile(`${path}.gz`, await gzipped(bytes));
        }
      },
    },
  };
}
