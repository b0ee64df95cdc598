import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env';

/**
 * The typed `graphql()` tag for every operation of the portal. Date and DateTime travel as ISO strings
 * (Date: 2026-03-31, DateTime: 2026-03-31T14:05:00.000Z), so they stay strings here; a File is the browser's,
 * which urql sends as a multipart request.
 */
export const graphql = initGraphQLTada<{
  introspection: typeof introspection;
  scalars: { Date: string; DateTime: string; ID: string; SearchText: string; File: File };
}>();
