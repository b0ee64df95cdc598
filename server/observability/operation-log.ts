import { getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context';
import { rootFieldNames } from './operation-fields';

/** Operation names are the client's choice: a log line keeps a readable prefix, never a megabyte. */
const maxNameLength = 100;

function describe(document: DocumentNode, operationName: string | null | undefined) {
  const operation = getOperationAST(document, operationName);
  const name = operation?.name?.value ?? operationName ?? 'anonymous';
  return { kind: operation?.operation ?? 'unknown', name: name.slice(0, maxNameLength) };
}

/**
 * The metric label of a mutation: its root field, one of the schema's mutations (a bounded set, unlike
 * operation names, which clients choose), or `multiple`.
 */
function mutationLabel(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): string {
  const fields = rootFieldNames(document, operationName).filter((field) => field !== '__typename');
  if (fields.length !== 1) return 'multiple';
  return schema.getMutationType()?.getFields()[fields[0]!] ? fields[0]! : 'multiple';
}

/** A subscription's stream that says when it ends, so logging its end needs no wrapper around it. */
export interface EndReporting {
  /** Calls `listener` once, when the stream ends (it completed, or its transport stopped it). */
  whenEnded(listener: () => void): void;
}

const reportsEnd = (result: object): result is EndReporting => typeof (result as Partial<EndReporting>).whenEnded === 'function';

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
          if (kind === 'mutation') context.metrics.mutationDuration.observe({ mutation: mutationLabel(args.schema, args.document, args.operationName) }, seconds);
          context.log.info(
            { requestId: context.requestId, operation: name, kind, durationMs: Math.round(seconds * 1000), errors: errorCount(result), employeeId: context.viewer?.employeeId },
            'operation',
          );
        },
      };
    },
    onSubscribe({ args }) {
      const { log, requestId, viewer } = args.contextValue as Context;
      const { name } = describe(args.document, args.operationName);
      const fields = { requestId, operation: name, kind: 'subscription', employeeId: viewer?.employeeId };
      const started = performance.now();
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in result)) {
            log.info({ ...fields, errors: errorCount(result) }, 'subscription refused');
            return;
          }
          log.info(fields, 'subscription started');
          const logEnd = () => log.info({ ...fields, durationMs: Math.round(performance.now() - started) }, 'subscription ended');
          // A wrapper to see the end would be held, with its closures, for the whole life of every subscription.
          if (reportsEnd(result)) return void result.whenEnded(logEnd);
          return { onEnd: logEnd };
        },
      };
    },
  };
}
