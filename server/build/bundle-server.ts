import { isAbsolute } from 'node:path';
import { build } from 'rolldown';
import { projectPath } from '../project-root';

/**
 * Compiles server entries to plain JavaScript in `outDir` (ES modules for Node 20): the server's own code
 * in one bundle, every package left to node_modules. Each database engine stays a chunk of its own, loaded
 * only by a server that uses it.
 */
export async function bundleServer(entries: Record<string, string>, outDir: string): Promise<void> {
  await build({
    input: entries,
    platform: 'node',
    tsconfig: projectPath('tsconfig.json'),
    external: (id, importer) => importer !== undefined && !id.startsWith('.') && !isAbsolute(id),
    output: {
      dir: outDir,
      format: 'esm',
      sourcemap: true,
      cleanDir: true,
      chunkFileNames: '[name]-[hash].js',
    },
    write: true,
  });
}
