import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { migrationsFolder } from './client';
import { projectPath } from '../project-root';

function pgliteVersion(): string | null {
  const manifest = projectPath('node_modules', '@electric-sql', 'pglite', 'package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : null;
}

/** A short hash of the migrations' SQL and journal: what a template's schema was made from. */
function migrationsTag(): string {
  const hash = createHash('sha256');
  const files = [...readdirSync(migrationsFolder).filter((name) => name.endsWith('.sql')).sort().map((name) => join(migrationsFolder, name)), join(migrationsFolder, 'meta', '_journal.json')];
  for (const file of files) hash.update(basename(file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 12);
}

const templatesFolder = () => projectPath('dist', 'embedded');
const templatePrefix = 'pglite-';

/**
 * A new embedded database, initialized and migrated, made once by the build: a new data folder starts as a
 * copy of it instead of running initdb (several seconds, peaking at hundreds of MB) and every migration
 * (about a second of CPU). It comes twice: a data folder, copied as files (PGlite then starts as on a
 * restart: 0.5 s and about 110 MB less than unpacking a tarball into its memory first), and that folder as
 * a tarball, for in-memory databases. Its name holds PGlite's version and a hash of the migrations, so a
 * template made by another version or from other migrations is never used; migrations still run on every
 * start and find nothing to do.
 */
function templateName(): string | null {
  const version = pgliteVersion();
  return version ? `${templatePrefix}${version}-${migrationsTag()}` : null;
}

/** Makes `dataDir` a copy of the template's data folder; false when the build has made none for this PGlite and these migrations. */
export function copyEmbeddedTemplate(dataDir: string): boolean {
  const name = templateName();
  const folder = name && join(templatesFolder(), name);
  if (!folder || !existsSync(join(folder, 'PG_VERSION'))) return false;
  cpSync(folder, dataDir, { recursive: true });
  return true;
}

/** The template as a tarball (for an in-memory database), or null when the build has made none. */
export function readEmbeddedTemplate(): Blob | null {
  const name = templateName();
  const path = name && join(templatesFolder(), `${name}.tar.gz`);
  return path && existsSync(path) ? new Blob([readFileSync(path)]) : null;
}

/** Makes the template for the installed PGlite and the current migrations, unless it exists, and drops older ones. */
export async function writeEmbeddedTemplate(settings: string): Promise<void> {
  const name = templateName();
  if (!name) return;
  const folder = templatesFolder();
  if (existsSync(join(folder, name, 'PG_VERSION')) && existsSync(join(folder, `${name}.tar.gz`))) return;
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  mkdirSync(folder, { recursive: true });
  for (const entry of readdirSync(folder)) rmSync(join(folder, entry), { recursive: true, force: true });
  // Made under another name and renamed once shut down cleanly: a build stopped halfway leaves no template.
  const making = join(folder, `${name}.making`);
  const fresh = await PGlite.create(making, { postgresqlconf: settings });
  await migrate(drizzle(fresh), { migrationsFolder });
  const tarball = await fresh.dumpDataDir('gzip');
  await fresh.close();
  writeFileSync(join(folder, `${name}.tar.gz`), Buffer.from(await tarball.arrayBuffer()));
  renameSync(making, join(folder, name));
}
