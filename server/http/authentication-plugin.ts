import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { notSignedInError, tokenFailureError } from '../auth/authentication-errors';
import type { Context } from '../context';
import { rootFieldNames } from '../observability/operation-fields';

/** Root fields anyone may ask for without signing in. */
const publicFields = new Set(['login', '__typename']);
const introspectionFields = new Set(['__schema', '__type']);

/** Who may read the schema through introspection (GraphiQL's documentation explorer needs it). */
export type IntrospectionPolicy = 'public' | 'signed-in' | 'off';

function refusal(args: ExecutionArgs, introspection: IntrospectionPolicy): GraphQLError | null {
  const context = args.contextValue as Context;
  const fields = rootFieldNames(args.document, args.operationName);
  const introspects = fields.some((field) => introspectionFields.has(field));
  if (introspects && introspection === 'off') {
    return new GraphQLError('Introspection is turned off on this server', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
  }
  if (context.viewer) return null;
  const needsViewer = fields.some((field) => !publicFields.has(field) && !(introspectionFields.has(field) && introspection === 'public'));
  if (!needsViewer) return null;
  return context.tokenFailure ? tokenFailureError(context.tokenFailure) : notSignedInError();
}

/**
 * Authentication, declared once for every transport: an operation that asks for anything but `login`
 * (and introspection, where the policy makes it public) needs a signed-in viewer. Without one it is not
 * executed: HTTP 401 with UNAUTHENTICATED, or the code saying why the token sent signs no one in
 * (INVALID_TOKEN, SESSION_EXPIRED, SESSION_REVOKED, ACCOUNT_DEACTIVATED).
 */
export function authenticationPlugin(introspection: IntrospectionPolicy): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusal(args, introspection);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusal(args, introspection);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}
