import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { withoutSuggestions } from '../observability/error-masking';

/**
 * Validation errors name what the schema holds ("Did you mean the enum value RECEIPT?"): in production
 * the hints are cut (errors of execution are cut by the error masking).
 */
export function hintHidingPlugin(): Plugin {
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((error) => (error instanceof GraphQLError ? withoutSuggestions(error) : error)));
      };
    },
  };
}
