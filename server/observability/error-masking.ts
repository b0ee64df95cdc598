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
export function createErrorMasking(log: Logger, options: { exposeDetails: boolean }): MaskError {
  return (error, message = 'Unexpected error.') => {
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
}
