import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context';

/**
 * Logs one JSON line per executed operation (request id, operation, duration, error count) and
 * times mutations into the mutation-duration histogram. Subscriptions are logged when they start;
 * their sockets log opening and closing.
 */
export function operationLogPlugin(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as Context;
      const operation = getOperationAST(args.document, args.operationName);
      const kind = operation?.operation ?? 'unknown';
      const name = operation?.name?.value ?? args.operationName ?? 'anonymous';
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          const seconds = (performance.now() - started) / 1000;
          if (kind === 'mutation') context.metrics.mutationDuration.observe({ operation: name }, seconds);
          const errors = 'errors' in result && Array.isArray(result.errors) ? result.errors.length : 0;
          context.log.info(
            { requestId: context.requestId, operation: name, kind, durationMs: Math.round(seconds * 1000), errors, employeeId: context.viewer?.employeeId },
            'operation',
          );
        },
      };
    },
  };
}
