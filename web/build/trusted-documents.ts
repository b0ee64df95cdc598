import { createHash } from 'node:crypto';
import { parse } from 'graphql';
import type { Plugin } from 'vite';
import { writeDocuments } from '../../client/writes';
import { trustedDocumentText } from '../src/graphql/trusted-document';
import { outboxFields } from '../src/offline/outbox-fields';
import { portalOperations } from './portal-operations';

/** Where the build writes the portal's trusted documents (the server reads them from there). */
export const trustedDocumentsFile = '.vite/trusted-documents.json';

/**
 * Lists every operation of the portal by the hash it sends (`{ "<sha256>": "<document>" }`), its own and
 * those its outbox replays, so a server that accepts only known documents runs the portal and nothing else.
 */
export function trustedDocuments(): Plugin {
  return {
    name: 'staffsync-trusted-documents',
    apply: 'build',
    generateBundle() {
      const manifest: Record<string, string> = {};
      const documents = [...portalOperations().map(({ document }) => document), ...writeDocuments(outboxFields).map((text) => parse(text))];
      for (const document of documents) {
        const text = trustedDocumentText(document);
        manifest[createHash('sha256').update(text).digest('hex')] = text;
      }
      this.emitFile({ type: 'asset', fileName: trustedDocumentsFile, source: `${JSON.stringify(manifest, null, 2)}\n` });
    },
  };
}
