import { readFileSync } from 'node:fs';
import { projectPath } from '../project-root';

/**
 * The arguments `npm start` gives Node (its flags, then the compiled entry), read from package.json, where
 * they are written once: whatever else starts the production server (the bench, the tests of the compiled
 * server, the container) runs it the same way.
 */
export function startArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.trim().split(/\s+/);
  if (command !== 'node' || !args.at(-1)?.endsWith('.js')) throw new Error(`npm start is expected to be "node [flags] <file>.js", not "${scripts.start}"`);
  return args;
}

/** The Node flags of `npm start`, for a process that runs the server another way (from its sources). */
export const startFlags = (): string[] => startArguments().slice(0, -1);
