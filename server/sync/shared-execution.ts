import { createSourceEventStream, execute, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';

/**
 * Runs subscription operations so that an event is executed once per group, not once per socket.
 * A group is everything that makes two results equal: the document, the operation, the variables and
 * the permission scope of the subscriber. Live events are one shared object per instance (the change
 * feed hands the same object to every subscriber), so results are cached per event object and
 * forgotten with it.
 */
export class SharedExecution {
  private readonly resultsByEvent = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

  constructor(private readonly log: Logger) {}

  /**
   * Like graphql's `subscribe` (arguments already parsed and validated by the pipeline), with
   * `groupKey` naming the subscriber's group. Errors in results are masked like the pipeline masks them.
   */
  async subscribe(args: ExecutionArgs, groupKey: string): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterator(source)) return { errors: (source as ExecutionResult).errors?.map((error) => this.mask(error)) };
    return this.map(source, (event) => this.execute(event, groupKey, () => this.run({ ...args, rootValue: event })));
  }

  /** One event through the operation, as graphql's own subscribe maps events (execute with the event as root). */
  private async run(args: ExecutionArgs): Promise<ExecutionResult> {
    const result = await execute(args);
    return result.errors ? { ...result, errors: result.errors.map((error) => this.mask(error)) } : result;
  }

  private execute(event: unknown, groupKey: string, run: () => Promise<ExecutionResult>) {
    if (typeof event !== 'object' || event === null) return run();
    let groups = this.resultsByEvent.get(event);
    if (!groups) this.resultsByEvent.set(event, (groups = new Map()));
    let result = groups.get(groupKey);
    if (!result) groups.set(groupKey, (result = run()));
    return result;
  }

  /**
   * Maps source events to results. Not an async generator: graphql-ws calls `return()` when a socket
   * closes, and a generator waiting for its next event would hold its subscription until that event.
   * A failure of the source ends the stream with one error result: a GraphQLError as it is (it carries a
   * code, e.g. RESYNC_REQUIRED), anything else masked and logged.
   */
  private map(
    source: AsyncIterator<unknown>,
    toResult: (event: unknown) => Promise<ExecutionResult>,
  ): AsyncIterableIterator<ExecutionResult> {
    let finished = false;
    const finish = async (): Promise<IteratorResult<ExecutionResult>> => {
      if (!finished) {
        finished = true;
        await source.return?.();
      }
      return { value: undefined, done: true };
    };
    return {
      next: async () => {
        if (finished) return { value: undefined, done: true };
        try {
          const next = await source.next();
          if (next.done) return finish();
          return { value: await toResult(next.value), done: false };
        } catch (error) {
          finished = true;
          return { value: { errors: [this.mask(error)] }, done: false };
        }
      },
      return: finish,
      throw: async (error: unknown) => {
        await finish();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private mask(error: unknown): GraphQLError {
    const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
    if (original instanceof GraphQLError) return original;
    if (error instanceof GraphQLError && !error.originalError) return error;
    this.log.error({ err: original }, 'unexpected error in a subscription');
    return new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
}

function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> & AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
