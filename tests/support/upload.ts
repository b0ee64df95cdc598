import type { GraphQLResponse } from './graphql-client';

export interface UploadedFile {
  bytes: Uint8Array;
  /** What the client claims: the server decides from the bytes. */
  name: string;
  type: string;
}

/**
 * POSTs one operation with files as the GraphQL multipart request spec lays it out (operations, map,
 * then the files, each mapped to a variable), built with FormData as a browser or a phone would.
 */
export async function postUpload<Data = Record<string, any>>(
  baseUrl: string,
  token: string | undefined,
  /** The document's text, or null to send it by hash alone (in `extensions`), as the portal does. */
  query: string | null,
  variables: Record<string, unknown>,
  files: Record<string, UploadedFile>,
  extensions?: Record<string, unknown>,
): Promise<{ status: number; body: GraphQLResponse<Data> }> {
  const form = new FormData();
  const names = Object.keys(files);
  const allVariables = { ...variables, ...Object.fromEntries(names.map((name) => [name, null])) };
  form.set('operations', JSON.stringify({ ...(query === null ? {} : { query }), variables: allVariables, ...(extensions ? { extensions } : {}) }));
  form.set('map', JSON.stringify(Object.fromEntries(names.map((name, index) => [String(index), [`variables.${name}`]]))));
  names.forEach((name, index) => {
    const file = files[name]!;
    form.set(String(index), new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  });
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { accept: 'application/graphql-response+json, application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<Data> };
}
