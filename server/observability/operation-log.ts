import { getOperationAST, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context';

function describe(document: DocumentNode, operationName: string | null | undefined) {
  const operation = getOperationAST(document, operationName);
  return { kind: operation?.operation ?? 'unknown', name: operation?.name?.value ?? operationName ?? 'anonymous' };
}

const errorCount = (result: unknown): number =>
  typeof result === 'object' && result !== null && 'errors' in result && Array.isArray(result.errors) ? result.errors.length : 0;

/**
 * Logs one JSON line per executed query or mutation (request id, operation, duration, error count), one
 * when a subscription starts and one when it ends, over every transport, and times mutations into the
 * mutation-duration histogram.
 */
export function operationLogPlugin(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const context = args.contextValue as Context;
      const { kind, name } = describe(args.document, args.operationName);
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          const seconds = (performance.now() - started) / 1000;
          if (kind === 'mutation') context.metrics.mutationDuration.observe({ operation: name }, seconds);
          context.log.info(
            { requestId: context.requestId, operation: name, kind, durationMs: Math.round(seconds * 1000), errors: errorCount(result), employeeId: context.viewer?.employeeId },
            'operation',
          );
        },
      };
    },
    onSubscribe({ args }) {
      const context = args.contextValue as Context;
      const { name } = describe(args.document, args.operationName);
      const fields = { requestId: context.requestId, operation: name, kind: 'subscription', employeeId: context.viewer?.employeeId };
      const started = performance.now();
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in result)) {
            context.log.info({ ...fields, errors: errorCount(result) }, 'subscription refused');
            return;
          }
          context.log.info(fields, 'subscription started');
          return {
            onEnd() {
              context.log.info({ ...fields, durationMs: Math.round(performance.now() - started) }, 'subscription ended');
            },
          };
        },
      };
    },
  };
}
