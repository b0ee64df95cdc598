import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Scope } from '../auth/rules';
import type { ChangeEvent } from '../changelog/change-log';
import type { Metrics } from '../observability/metrics';
import type { FeedView, LogReader } from './feed-view';

/** A group's result for one event (as executed, or as the engine then keeps it). */
export interface GroupExecution<Result = ExecutionResult> {
  result: Result;
  /**
   * The result holds something made for the group's employee alone (a photo link signed for them), so
   * no other group may be given it, whatever its rights.
   */
  personal: boolean;
}

/**
 * What the delivery engine is built from. Everything it does not own is passed in, so the engine can be
 * tested with a fake feed, fake rights and a fake executor.
 */
export interface DeliveryDependencies<Operation> {
  feed: FeedView;
  readLog: LogReader;
  /** The current rights of an employee, from their current record (never from a cached viewer). */
  rights(employeeId: string): Promise<Scope>;
  /** The current rights of many employees at once, as `rights` gives each, in few database reads. */
  rightsOfMany(employeeIds: readonly string[]): Promise<ReadonlyMap<string, Scope>>;
  /**
   * Executes a group's operation for one event with the rights of the group's employee. The result must
   * depend on the event, the scope and the employee only: a group serves every subscriber of one
   * employee alike.
   */
  execute(operation: Operation, event: ChangeEvent, scope: Scope, employeeId: string): Promise<GroupExecution>;
  /** The one error masking of the API: keeps errors that carry a code, hides and logs the rest. */
  mask(error: unknown): GraphQLError;
  metrics: Pick<Metrics, 'activeSubscriptions' | 'deliveries' | 'groupChecks' | 'groupExecutions' | 'replays' | 'fanOutLatency' | 'slowConsumerDisconnects'>;
  log: Logger;
}
