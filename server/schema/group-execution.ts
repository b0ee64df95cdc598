import { execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Scope } from '../auth/rules';
import type { ChangeEvent } from '../changelog/change-log';
import type { Context, Services } from '../context';

/** What a subscription group executes for each event: the validated operation its members share. */
export interface GroupOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Readonly<Record<string, unknown>> | null;
}

/**
 * Thrown when a resolver reachable from DataChange reads `context.viewer`. A group serves every
 * subscriber of one employee with one execution, so its results may depend on the event and the group's
 * rights (`context.scope()`) only; reading a viewer would tie them to whichever session came first.
 */
export class ViewerReadDuringDeliveryError extends Error {
  override name = 'ViewerReadDuringDeliveryError';
  constructor() {
    super('A field reachable from DataChange read context.viewer; use context.scope() instead');
  }
}

/**
 * The context a group executes with: the server's services, the group's rights and its employee (links
 * are signed for them), and no viewer.
 */
function groupContext(services: Services, scope: Scope, employeeId: string): Context {
  const context = { ...services, tokenFailure: null, requestId: 'delivery', clientAddress: 'delivery', linksFor: employeeId, scope: () => Promise.resolve(scope) };
  Object.defineProperty(context, 'viewer', {
    enumerable: false,
    get() {
      throw new ViewerReadDuringDeliveryError();
    },
  });
  return context as unknown as Context;
}

/** Executes a group's operation for one event, with the event as the subscription's root value. */
export function executeForGroup(services: Services) {
  return async (operation: GroupOperation, event: ChangeEvent, scope: Scope, employeeId: string): Promise<ExecutionResult> =>
    execute({ ...operation, rootValue: event, contextValue: groupContext(services, scope, employeeId) });
}
