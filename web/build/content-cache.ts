import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Survives between builds on one machine; `npm ci` starts it afresh. */
const cacheDirectory = new URL('../../node_modules/.cache/staffsync-build', import.meta.url).pathname;

/** Entries no build has used for this long are deleted, so the cache holds about what current builds need. */
const unusedForMs = 14 * 86_400_000;

let pruned: Promise<void> | undefined;

async function pruneUnused(): Promise<void> {
  const names = await readdir(cacheDirectory).catch(() => []);
  await Promise.all(
    names.map(async (name) => {
      const file = join(cacheDirectory, name);
      const { mtimeMs } = await stat(file);
      if (Date.now() - mtimeMs > unusedForMs) await rm(file, { force: true });
    }),
  );
}

/** A short content hash, safe in file names and URLs. */
export const contentHash = (content: string | NodeJS.ArrayBufferView) => createHash('sha256').update(content).digest('base64url').slice(0, 10);

/**
 * Returns `make(input)`, remembered on disk under the hash of `kind` and `input`: slow, deterministic build
 * steps (brotli at quality 11 of GraphiQL's 5 MB script takes about 10 s) then cost nothing on the next build.
 * `kind` must change whenever `make` would produce something else for the same input. Entries unused for
 * two weeks are deleted on the first call of a build.
 */
export async function cachedByContent<Input extends string | NodeJS.ArrayBufferView>(
  kind: string,
  input: Input,
  make: (input: Input) => Promise<Uint8Array>,
): Promise<Buffer> {
  pruned ??= pruneUnused();
  await pruned;
  const file = join(cacheDirectory, `${kind}-${createHash('sha256').update(input).digest('hex')}`);
  const remembered = await readFile(file).catch(() => null);
  if (remembered) {
    const now = new Date();
    await utimes(file, now, now);
    return remembered;
  }
  const made = Buffer.from(await make(input));
  await mkdir(cacheDirectory, { recursive: true });
  await writeFile(file, made);
  return made;
}
