import { request } from 'node:http';
import type { GraphQLResponse } from './graphql-client';

/**
 * POSTs one GraphQL operation from a given loopback address (127.0.0.2, 127.0.0.3, …), as clients on
 * different networks would arrive: the server keys sign-in limits on the address it sees.
 */
export function graphqlFrom<Data = Record<string, any>>(
  localAddress: string,
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<Data>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const outgoing = request(`${baseUrl}/graphql`, {
      method: 'POST',
      localAddress,
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    outgoing.on('response', (incoming) => {
      let text = '';
      incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
      incoming.on('end', () => resolve(JSON.parse(text) as GraphQLResponse<Data>));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
