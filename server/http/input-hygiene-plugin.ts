import { GraphQLError, Kind, visit, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Longest list accepted anywhere in an operation's input: no screen or phone sends more. */
export const maxInputListLength = 1_000;

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with one string or list of input, or null. PostgreSQL text cannot hold NUL at all. */
function flaw(value: unknown): string | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return 'contains a NUL character';
    if (loneSurrogate.test(value)) return 'is not valid Unicode text';
  } else if (Array.isArray(value) && value.length > maxInputListLength) {
    return `lists more than ${maxInputListLength} items`;
  }
  return null;
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The first flaw in variables, walked without recursion (input may be nested deeply on purpose). */
function variablesFlaw(variables: unknown): GraphQLError | null {
  const pending: Array<{ value: unknown; path: string }> = [{ value: variables, path: '' }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const found = flaw(item.value);
    if (found) return badInput(`Variable "$${item.path}" ${found}`);
    if (Array.isArray(item.value)) item.value.forEach((value, index) => pending.push({ value, path: `${item!.path}[${index}]` }));
    // Only plain objects are walked: an uploaded file (the File scalar) is bytes, not input text.
    else if (item.value && typeof item.value === 'object' && isPlainObject(item.value)) {
      for (const [key, value] of Object.entries(item.value)) pending.push({ value, path: item.path ? `${item.path}.${key}` : key });
    }
  }
  return null;
}

/**
 * What is wrong with the operation's own literals, per parsed document: Yoga hands every request with the
 * same text the same cached document, so an app's few operations are walked once, not at every request.
 */
const literalFlaws = new WeakMap<DocumentNode, string | null>();

function literalsFlaw(document: DocumentNode): GraphQLError | null {
  let found = literalFlaws.get(document);
  if (found === undefined) {
    found = null;
    visit(document, {
      StringValue(node) {
        const problem = flaw(node.value);
        if (problem) found = `A string in the operation ${problem}`;
      },
      ListValue(node) {
        if (node.values.length > maxInputListLength) found = `A list in the operation has more than ${maxInputListLength} items`;
      },
    });
    literalFlaws.set(document, found);
  }
  return found === null ? null : badInput(found);
}

/** `Variable "$input" got invalid value … at "input.date"; …`: where in the variables the bad value is. */
function invalidValuePath(message: string): string | null {
  const match = /^Variable "\$([^"]+)" got invalid value .*?(?: at "([^"]+)")?; /s.exec(message);
  return match ? (match[2] ?? match[1]!) : null;
}

/**
 * Errors about the request itself (variables of the wrong type, a malformed Date) carry no code from
 * graphql-js; they are the client's mistake like any other bad input. A bad variable value also says
 * where it is (`extensions.path`, e.g. `input.date`, and `extensions.field`, its last part), so a form can
 * show the message next to the field.
 */
function withCodes(result: ExecutionResult): ExecutionResult | null {
  if (!result.errors?.some((error) => !error.path && (!error.extensions?.code || error.extensions.code === 'BAD_USER_INPUT'))) return null;
  return {
    ...result,
    errors: result.errors.map((error) => {
      if (error.path || (error.extensions?.code && error.extensions.code !== 'BAD_USER_INPUT')) return error;
      const path = invalidValuePath(error.message);
      const where = path ? { path, field: path.split('.').pop() } : {};
      return new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        originalError: error.originalError,
        extensions: { ...error.extensions, code: 'BAD_USER_INPUT', ...where },
      });
    }),
  };
}

const isResult = (value: unknown): value is ExecutionResult => typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);

/**
 * Refuses, before any resolver runs and on every transport, input that no field accepts and that would
 * otherwise fail deep inside the database as a server error: NUL characters and broken Unicode in any
 * string (ids, search, emails, idempotency keys, dates), and lists longer than `maxInputListLength`.
 * Gives request errors without a code the code BAD_USER_INPUT.
 */
export function inputHygienePlugin(): Plugin {
  const check = (args: { document: DocumentNode; variableValues?: unknown }) => variablesFlaw(args.variableValues ?? {}) ?? literalsFlaw(args.document);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) return setResultAndStopExecution({ errors: [refused] });
      return {
        onExecuteDone({ result, setResult }) {
          if (!isResult(result)) return;
          const coded = withCodes(result);
          if (coded) setResult(coded);
        },
      };
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) return setResultAndStopExecution({ errors: [refused] });
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isResult(result)) return;
          const coded = withCodes(result);
          if (coded) setResult(coded);
        },
      };
    },
  };
}
