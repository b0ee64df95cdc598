import type { ChangeEvent } from '../changelog/change-log';
import type { GroupExecution } from './dependencies';
import type { GroupResult } from './sink';

/**
 * Executions shared by groups whose rights reach everything (admins): such groups running the same
 * operation get the same result for an event, unless it holds something made for one of them (a signed
 * photo link), so the first to need an event executes it and the others take its result, serialized and
 * encoded once for all of them. Ten staff in the portal then cost one execution per change, not ten. Kept
 * per event object, forgotten with it.
 */
export class SharedExecutions {
  private readonly byEvent = new WeakMap<ChangeEvent, Map<string, Promise<GroupExecution<GroupResult>>>>();

  /** The result of `operationKey` for `event`: another group's when it may be shared, else `execute`'s. */
  async resultOf(event: ChangeEvent, operationKey: string, execute: () => Promise<GroupExecution<GroupResult>>): Promise<GroupResult> {
    let executions = this.byEvent.get(event);
    if (!executions) {
      executions = new Map();
      this.byEvent.set(event, executions);
    }
    const earlier = executions.get(operationKey);
    if (earlier) {
      const shared = await earlier.catch(() => null);
      return shared && !shared.personal ? shared.result : (await execute()).result;
    }
    const mine = execute();
    executions.set(operationKey, mine);
    // A failure is not shared: the next group to need the event executes it again.
    mine.catch(() => {
      if (executions.get(operationKey) === mine) executions.delete(operationKey);
    });
    return (await mine).result;
  }
}
