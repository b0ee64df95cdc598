import { writeEmbeddedTemplate } from '../db/embedded-template';
import { embeddedSettings } from '../db/pglite-engine';
import { projectPath } from '../project-root';
import { bundleServer } from './bundle-server';

/** `npm run build:server`: what `npm start` runs, in dist/server, and the embedded database's template. */
await bundleServer({ main: projectPath('server', 'main.ts') }, projectPath('dist', 'server'));
await writeEmbeddedTemplate(embeddedSettings);
