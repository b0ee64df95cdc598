import { formatDocument } from '@urql/core';
import { Kind, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';

/** The fragments a definition spreads, directly or through other fragments. */
function fragmentsUsedBy(definitions: readonly DefinitionNode[], fragments: ReadonlyMap<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !found.has(spread.name.value)) {
          found.set(spread.name.value, fragment);
          walk(fragment);
        }
      },
    });
  definitions.forEach(walk);
  return [...found.values()].sort((one, other) => one.name.value.localeCompare(other.name.value));
}

/**
 * The text a trusted document is known by: the operation as urql sends it (`__typename` added,
 * client-only directives removed), then the fragments it uses, by name, printed by graphql-js. The
 * portal's build lists these texts by hash and the portal sends the hash; both sides compute it here, so
 * where a fragment was written or in which order it was passed does not matter.
 */
export function trustedDocumentText(document: DocumentNode): string {
  const formatted = formatDocument(document);
  const operations = formatted.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const fragments = new Map(
    formatted.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])),
  );
  return print({ kind: Kind.DOCUMENT, definitions: [...operations, ...fragmentsUsedBy(operations, fragments)] });
}

/** SHA-256 of a trusted document's text, in hex, as `extensions.persistedQuery.sha256Hash` carries it. */
async function trustedDocumentHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

const hashes = new WeakMap<DocumentNode, Promise<string>>();

/**
 * The hash a document is sent by, computed once per document (urql hands the same document object to
 * every execution of an operation), not printed and digested again on every request.
 */
export function trustedDocumentHashOf(document: DocumentNode): Promise<string> {
  let hash = hashes.get(document);
  if (!hash) {
    hash = trustedDocumentHash(trustedDocumentText(document));
    hashes.set(document, hash);
  }
  return hash;
}
