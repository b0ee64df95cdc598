import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DurableStorage } from '../storage';

/** Reads a file, or null when there is none. */
async function readIfThere<Content>(path: string, read: (path: string) => Promise<Content>): Promise<Content | null> {
  try {
    return await read(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * One file per key in `directory` (Node: tests, scripts, desktop apps). Writes go to a temporary file
 * renamed over the old one, so a crash leaves either value whole. Files (a queued photo) are kept as they
 * are, one `.bin` file per key: no base64 (a third larger, and a 13 MB string to build and parse on every
 * read), and written once when queued, not each time the queue's JSON is saved.
 */
export function fileStorage(directory: string): DurableStorage {
  const pathOf = (key: string, extension: 'json' | 'bin') => join(directory, `${encodeURIComponent(key)}.${extension}`);
  const replace = async (path: string, content: string | Uint8Array) => {
    await mkdir(directory, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, path);
  };
  return {
    read: (key) => readIfThere(pathOf(key, 'json'), (path) => readFile(path, 'utf8')),
    write: (key, value) => replace(pathOf(key, 'json'), value),
    async remove(key) {
      await rm(pathOf(key, 'json'), { force: true });
    },
    files: {
      write: async (key, bytes) => replace(pathOf(key, 'bin'), new Uint8Array(await bytes.arrayBuffer())),
      read: async (key) => {
        const bytes = await readIfThere(pathOf(key, 'bin'), (path) => readFile(path));
        return bytes === null ? null : new Blob([new Uint8Array(bytes)]);
      },
      async remove(key) {
        await rm(pathOf(key, 'bin'), { force: true });
      },
    },
  };
}
