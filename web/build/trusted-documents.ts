import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { trustedDocumentText } from '../src/graphql/trusted-document';
import { portalOperations } from './portal-operations';

/** Where the build writes the portal's trusted documents (the server reads them from there). */
export const trustedDocumentsFile = '.vite/trusted-documents.json';

/**
 * Lists every operation of the portal by the hash it sends (`{ "<sha256>": "<document>" }`), so a server
 * that accepts only known documents runs the portal and nothing else.
 */
export function trustedDocuments(): Plugin {
  return {
    name: 'staffsync-trusted-documents',
    apply: 'build',
    generateBundle() {
      const manifest: Record<string, string> = {};
      for (const { document } of portalOperations()) {
        const text = trustedDocumentText(document);
        manifest[createHash('sha256').update(text).digest('hex')] = text;
      }
      this.emitFile({ type: 'asset', fileName: trustedDocumentsFile, source: `${JSON.stringify(manifest, null, 2)}\n` });
    },
  };
}
