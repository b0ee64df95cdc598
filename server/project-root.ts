import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `start` that holds package.json. */
function packageFolder(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`No package.json above ${start}`);
  }
}

/**
 * The project's folder (migrations, the portal build), found the same way whether the server runs from its
 * sources or from the compiled bundle in dist/, whose files sit at another depth.
 */
export const projectRoot = packageFolder(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project folder. */
export const projectPath = (...segments: string[]) => join(projectRoot, ...segments);
