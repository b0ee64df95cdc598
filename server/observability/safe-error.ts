/** Error fields that carry the statement or the values of a failed query (passwords, token hashes, emails). */
const queryFields = new Set(['query', 'params', 'parameters', 'args', 'where', 'internalQuery']);

/** drizzle puts the statement and its values into the message: "Failed query: <sql>\nparams: <values>". */
function withoutStatement(text: string): string {
  return text.replace(/Failed query: [^\n]*(?:\nparams: [^\n]*)?/g, 'Failed query (statement and values not logged)');
}

/**
 * What a log line may say about an error: its name, message, code, stack and cause, never the statement
 * or the values of a query that failed (they can hold a password, a token hash or an email). Follows
 * `cause` a few levels down.
 */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  const serialized: Record<string, unknown> = {
    type: error.name,
    message: withoutStatement(error.message),
    stack: error.stack ? withoutStatement(error.stack) : undefined,
  };
  for (const [key, value] of Object.entries(error)) {
    if (queryFields.has(key) || key === 'cause' || typeof value === 'function') continue;
    serialized[key] = typeof value === 'string' ? withoutStatement(value) : value;
  }
  if (error.cause !== undefined && depth < 4) serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}

/** One argument of a library's log call, as text without query statements or values. */
export function logText(argument: unknown): string {
  if (argument instanceof Error) return withoutStatement(`${argument.name}: ${argument.message}`);
  return withoutStatement(String(argument));
}
