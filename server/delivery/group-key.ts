import { Kind, visit, type ArgumentNode, type ASTNode, type DocumentNode, type FieldNode } from 'graphql';

/** The subscription field whose `after` argument says where a subscriber starts, not what it receives. */
const resumeField = 'dataChanged';
const resumeArgument = 'after';

type Visited = ASTNode | readonly ASTNode[] | undefined;

function isNamed<K extends Kind.ARGUMENT | Kind.FIELD>(node: Visited, kind: K, name: string): boolean {
  return !!node && !Array.isArray(node) && (node as ASTNode).kind === kind && (node as ArgumentNode | FieldNode).name.value === name;
}

/** Names of the variables the document uses anywhere other than as dataChanged's `after`. */
function resultVariables(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  visit(document, {
    VariableDefinition: () => false,
    Variable(node, _key, parent, _path, ancestors) {
      // `parent` is the argument, and the field comes before its arguments list in `ancestors`.
      const resume = isNamed(parent, Kind.ARGUMENT, resumeArgument) && isNamed(ancestors[ancestors.length - 2], Kind.FIELD, resumeField);
      if (!resume) names.add(node.name.value);
    },
  });
  return names;
}

/**
 * Names what a subscription executes for each event: the text, the operation and the variables, except
 * those only used as dataChanged's `after`. A resume cursor decides where a subscriber starts, not what an
 * event looks like, so clients resuming from different cursors still share one execution.
 */
export function subscriptionOperationKey(
  document: DocumentNode,
  request: { query: string; operationName?: string | null; variables?: Readonly<Record<string, unknown>> | null },
): string {
  const used = resultVariables(document);
  const variables = Object.entries(request.variables ?? {})
    .filter(([name]) => used.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([request.query, request.operationName ?? null, variables]);
}

/**
 * Names the group of a subscription: subscriptions with equal keys get equal results for every event, so
 * the fan-out executes an event once per key. That is the operation and whose rights decide what it sees.
 */
export const subscriptionGroupKey = (operationKey: string, scope: string): string => JSON.stringify([operationKey, scope]);
