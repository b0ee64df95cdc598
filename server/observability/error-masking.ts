import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/unavailable';

export type MaskError = (error: unknown, message?: string) => GraphQLError;

/**
 * The API's one error masking, used by Yoga for every HTTP and WebSocket operation and by the delivery
 * engine for every subscription event. Errors the API raises on purpose (a GraphQLError with a code) pass
 * unchanged; a lost database becomes DATABASE_UNAVAILABLE (retry); anything else is logged in full and
 * reaches the client as "Unexpected error." with code INTERNAL_SERVER_ERROR (with details only in
 * development).
 */
export function createErrorMasking(log: Logger, options: { exposeDetails: boolean; hideSuggestions: boolean }): MaskError {
  const mask: MaskError = (error, message = 'Unexpected error.') => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (isDatabaseUnavailable(original)) {
      log.warn({ err: original }, 'database unavailable');
      return new GraphQLError('The database is unavailable; retry shortly', {
        extensions: { code: 'DATABASE_UNAVAILABLE', http: { status: 503 } },
      });
    }
    const masked = yogaMaskError(error, message, options.exposeDetails) as GraphQLError;
    if (masked !== error) log.error({ err: original ?? error }, 'unexpected error in an operation');
    return masked;
  };
  return options.hideSuggestions ? (error, message) => withoutSuggestions(mask(error, message)) : mask;
}

const suggestion = / ?Did you mean [^?]*\?/g;

/**
 * "Did you mean the enum value RECEIPT?" tells a stranger what the schema holds: in production such hints
 * are cut from every error (graphql-armor does it for validation; this covers the values of variables).
 */
export function withoutSuggestions(error: GraphQLError): GraphQLError {
  if (!error.message.includes('Did you mean')) return error;
  return new GraphQLError(error.message.replace(suggestion, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
