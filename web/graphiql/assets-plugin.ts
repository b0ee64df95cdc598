import { fileURLToPath } from 'node:url';
import * as yogaGraphiQL from '@graphql-yoga/render-graphiql/graphiql';
import { VERSION as rolldownVersion } from 'rolldown';
import { minify } from 'rolldown/utils';
import type { Plugin } from 'vite';
import { graphiqlManifestFile, type GraphiQLAssets } from '../../server/http/graphiql-contract';
import { cachedByContent, contentHash } from '../build/content-cache';

const bootScript = fileURLToPath(new URL('./boot.ts', import.meta.url));

const fontExtensions: Record<string, string> = { 'font/woff2': 'woff2', 'font/woff': 'woff', 'font/ttf': 'ttf' };

/** Fonts inlined in a stylesheet as base64 data URLs. */
const inlineFont = /url\((["']?)data:(font\/(?:woff2|woff|ttf));base64,([A-Za-z0-9+/=]+)\1\)/g;

/** The largest favicon size kept: a browser tab shows 16 or 32 pixels. */
const faviconMaxPixels = 32;

/**
 * Writes Yoga's prebuilt GraphiQL (@graphql-yoga/render-graphiql, which otherwise inlines all of it, about
 * 9 MB, into one page) as separate content-hashed files under `graphiql/`: the script, the stylesheet
 * with its fonts split out (a browser then fetches only the fonts it uses), Monaco's three workers
 * (shipped unminified; minified here), the favicon, and our boot script; plus a manifest the server
 * renders the page from (server/http/graphiql-page.ts). Later plugins compress them like the portal's files.
 */
export function graphiqlAssets(): Plugin {
  let bootReference = '';
  const assets: Omit<GraphiQLAssets, 'boot'> = { script: '', style: '', favicon: '', workers: {} };
  return {
    name: 'staffsync:graphiql-assets',
    apply: 'build',
    async buildStart() {
      const emit = (name: string, extension: string, source: string | Buffer) => {
        const fileName = `graphiql/${name}-${contentHash(source)}.${extension}`;
        this.emitFile({ type: 'asset', fileName, source });
        return `/${fileName}`;
      };
      const emitScript = async (name: string, source: string) =>
        emit(name, 'js', await cachedByContent(`minified-rolldown-${rolldownVersion}`, source, async () => {
          const minified = await minify(`${name}.js`, source);
          if (minified.errors.length > 0) throw new Error(`minifying GraphiQL's ${name}: ${minified.errors.map((error) => error.message).join('; ')}`);
          return new TextEncoder().encode(minified.code);
        }));
      const style = yogaGraphiQL.css.replace(inlineFont, (_match, _quote: string, type: string, base64: string) => {
        return `url(${emit('font', fontExtensions[type]!, Buffer.from(base64, 'base64'))})`;
      });
      assets.style = emit('graphiql', 'css', style);
      assets.favicon = emit('favicon', 'ico', smallIcons(Buffer.from(yogaGraphiQL.favicon.replace(/^data:[^,]*;base64,/, ''), 'base64')));
      const [script, editorWorkerService, json, graphql] = await Promise.all([
        emitScript('graphiql', yogaGraphiQL.js),
        emitScript('editor.worker', yogaGraphiQL.editorWorkerService),
        emitScript('json.worker', yogaGraphiQL.jsonWorker),
        emitScript('graphql.worker', yogaGraphiQL.graphqlWorker),
      ]);
      Object.assign(assets, { script, workers: { editorWorkerService, json, graphql } });
      bootReference = this.emitFile({ type: 'chunk', id: bootScript, name: 'graphiql-boot' });
    },
    generateBundle() {
      const manifest: GraphiQLAssets = { ...assets, boot: `/${this.getFileName(bootReference)}` };
      this.emitFile({ type: 'asset', fileName: graphiqlManifestFile, source: JSON.stringify(manifest, null, 2) });
    },
  };
}

/**
 * An .ico with only the images of at most `faviconMaxPixels` (Yoga's holds six sizes up to 256 px,
 * 113 KB). Layout: a 6-byte header with the image count at offset 4, one 16-byte entry per image
 * (width at 0, 0 meaning 256; data size at 8, data offset at 12), then the images' data.
 */
function smallIcons(ico: Buffer): Buffer {
  const entries = Array.from({ length: ico.readUInt16LE(4) }, (_, index) => ico.subarray(6 + 16 * index, 22 + 16 * index))
    .filter((entry) => entry[0] !== 0 && entry[0]! <= faviconMaxPixels);
  const header = Buffer.from(ico.subarray(0, 6));
  header.writeUInt16LE(entries.length, 4);
  let offset = 6 + 16 * entries.length;
  const images = entries.map((entry) => {
    const image = ico.subarray(entry.readUInt32LE(12), entry.readUInt32LE(12) + entry.readUInt32LE(8));
    const copy = Buffer.from(entry);
    copy.writeUInt32LE(offset, 12);
    offset += image.length;
    return { entry: copy, image };
  });
  return Buffer.concat([header, ...images.map(({ entry }) => entry), ...images.map(({ image }) => image)]);
}
