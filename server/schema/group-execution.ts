import { execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Scope } from '../auth/rules';
import type { ChangeEvent } from '../changelog/change-log';
import type { Context, Services } from '../context';
import type { GroupExecution } from '../delivery/dependencies';

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

/** What every group execution's context shares: the server's services, and a viewer that must not be read. */
function sharedGroupContext(services: Services): object {
  const shared = { ...services, tokenFailure: null, requestId: 'delivery', clientAddress: 'delivery' };
  Object.defineProperty(shared, 'viewer', {
    enumerable: false,
    get() {
      throw new ViewerReadDuringDeliveryError();
    },
  });
  return shared;
}

/**
 * Executes a group's operation for one event, with the event as the subscription's root value. The context
 * holds the group's rights and its employee (links are signed for them) and inherits the rest: copying every
 * service per execution was a quarter of an execution's cost. A result for which a link was signed is
 * personal: the engine gives it to no other group.
 */
export function executeForGroup(services: Services) {
  const shared = sharedGroupContext(services);
  return async (operation: GroupOperation, event: ChangeEvent, scope: Scope, employeeId: string): Promise<GroupExecution> => {
    let personal = false;
    const contextValue = Object.create(shared) as Context;
    Object.defineProperty(contextValue, 'linksFor', {
      get() {
        personal = true;
        return employeeId;
      },
    });
    contextValue.scope = () => Promise.resolve(scope);
    const result = await execute({ ...operation, rootValue: event, contextValue });
    return { result, personal };
  };
}
