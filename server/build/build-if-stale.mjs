// @ts-check
/**
 * `npm start`'s first step: rebuilds the portal (web/dist) and the server (dist/server) only when their
 * sources are newer than the last build, so starting a built tree goes straight to the compiled server.
 * Plain JavaScript because it runs before anything is compiled, in a few milliseconds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The newest modification time under `path` (a file or a folder), skipping `skip`.
 * @param {string} path
 * @param {readonly string[]} skip
 * @returns {number}
 */
function newestChange(path, skip) {
  if (skip.includes(path) || !existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry), skip));
  return newest;
}

const outputs = [
  { script: 'build:web', output: 'web/dist/index.html', inputs: ['web', 'vite.config.ts', 'package-lock.json'], skip: ['web/dist', 'web/scripts'] },
  { script: 'build:server', output: 'dist/server/main.js', inputs: ['server', 'drizzle', 'tsconfig.json', 'package-lock.json'], skip: [] },
];

for (const { script, output, inputs, skip } of outputs) {
  const outputPath = join(root, output);
  const builtAt = existsSync(outputPath) ? statSync(outputPath).mtimeMs : 0;
  const changedAt = Math.max(...inputs.map((input) => newestChange(join(root, input), skip.map((folder) => join(root, folder)))));
  if (builtAt >= changedAt) continue;
  console.log(builtAt === 0 ? `${output} is missing: npm run ${script}` : `sources changed since ${output} was built: npm run ${script}`);
  const build = spawnSync('npm', ['run', script], { cwd: root, stdio: 'inherit' });
  if (build.status === 0) continue;
  // An install without the build tools (production dependencies only) still starts a tree built elsewhere.
  if (builtAt > 0) console.warn(`npm run ${script} failed; starting with the previous build of ${output}`);
  else process.exit(build.status ?? 1);
}
