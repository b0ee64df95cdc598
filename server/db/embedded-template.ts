import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { projectPath } from '../project-root';

function pgliteVersion(): string | null {
  const manifest = projectPath('node_modules', '@electric-sql', 'pglite', 'package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : null;
}

/**
 * A freshly initialized, empty embedded data folder as a tarball, made once by the build: a new database
 * starts from it instead of running initdb, which takes several seconds and peaks at hundreds of MB.
 * It holds no schema (migrations run on it as on any database), so it depends only on PGlite's version,
 * which names it.
 */
export function embeddedTemplatePath(): string | null {
  const version = pgliteVersion();
  return version ? projectPath('dist', 'embedded', `initdb-pglite-${version}.tar.gz`) : null;
}

/** The template's bytes, or null when the build has not made one for this PGlite version. */
export function readEmbeddedTemplate(): Blob | null {
  const path = embeddedTemplatePath();
  return path && existsSync(path) ? new Blob([readFileSync(path)]) : null;
}

/** Makes the template for the installed PGlite, unless it exists. */
export async function writeEmbeddedTemplate(settings: string): Promise<void> {
  const path = embeddedTemplatePath();
  if (!path || existsSync(path)) return;
  const { PGlite } = await import('@electric-sql/pglite');
  const fresh = await PGlite.create('memory://', { postgresqlconf: settings });
  const tarball = await fresh.dumpDataDir('gzip');
  await fresh.close();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.from(await tarball.arrayBuffer()));
}
