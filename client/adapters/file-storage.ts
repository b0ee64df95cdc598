import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DurableStorage } from '../storage';

/**
 * One file per key in `directory` (Node: tests, scripts, desktop apps). Writes go to a temporary file
 * renamed over the old one, so a crash leaves either value whole.
 */
export function fileStorage(directory: string): DurableStorage {
  const pathOf = (key: string) => join(directory, `${encodeURIComponent(key)}.json`);
  return {
    async read(key) {
      try {
        return await readFile(pathOf(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(key, value) {
      await mkdir(directory, { recursive: true });
      const temporary = `${pathOf(key)}.${process.pid}.tmp`;
      await writeFile(temporary, value, 'utf8');
      await rename(temporary, pathOf(key));
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
