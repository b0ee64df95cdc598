import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOutput } from '@gql.tada/cli-utils';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { portalOperations } from '../../web/build/portal-operations';
import { trustedDocumentText } from '../../web/src/graphql/trusted-document';

const checkedIn = new URL('../../web/src/graphql/graphql-env.ts', import.meta.url).pathname;
const tsconfig = new URL('../../web/tsconfig.json', import.meta.url).pathname;
const schemaFile = new URL('../../schema.graphql', import.meta.url).pathname;

describe('the portal and schema.graphql agree', () => {
  it('has the generated types of the current schema (else run `npm run graphql:generate`)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'staffsync-graphql-env-'));
    try {
      const output = join(directory, 'graphql-env.ts');
      await generateOutput({ output, tsconfig, silent: true });
      expect(readFileSync(checkedIn, 'utf8')).toBe(readFileSync(output, 'utf8'));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  // TypeScript alone lets a field the schema lost through as `unknown`; validating every document names it.
  it('asks only for what the schema has, in every operation of the portal', () => {
    const schema = buildSchema(readFileSync(schemaFile, 'utf8'));
    const operations = portalOperations();
    expect(operations.length).toBeGreaterThan(20);
    // As urql sends them: client-only directives (@_unmask) removed, with the fragments each uses.
    const problems = operations.flatMap(({ operation, document }) =>
      validate(schema, parse(trustedDocumentText(document))).map((error) => `${operation.name?.value ?? 'anonymous'}: ${error.message}`),
    );
    expect(problems).toEqual([]);
  });
});
