import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

const sources = new URL('../src', import.meta.url).pathname;

/** Every graphql(`…`) document in the portal's source, parsed as written. */
function portalDocuments(): DocumentNode[] {
  const files = readdirSync(sources, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file));
  return files.flatMap((file) => [...readFileSync(join(sources, file), 'utf8').matchAll(/graphql\(\s*`([^`]*)`/g)].map((match) => parse(match[1] ?? '')));
}

/**
 * Each operation the portal can send, as a document holding it and every fragment of the portal (the
 * fragments it does not use are dropped where it matters: trusted-document.ts keeps only those it uses).
 */
export function portalOperations(): Array<{ operation: OperationDefinitionNode; document: DocumentNode }> {
  const documents = portalDocuments();
  const fragments: FragmentDefinitionNode[] = documents.flatMap((document) =>
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION),
  );
  return documents.flatMap((document) =>
    document.definitions
      .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => ({ operation, document: { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] } })),
  );
}
