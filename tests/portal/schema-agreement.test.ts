import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOutput } from '@gql.tada/cli-utils';
import { buildSchema, Kind, parse, validate, visit, type ASTNode, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';

const checkedIn = new URL('../../web/src/graphql/graphql-env.ts', import.meta.url).pathname;
const tsconfig = new URL('../../web/tsconfig.json', import.meta.url).pathname;
const schemaFile = new URL('../../schema.graphql', import.meta.url).pathname;
const sources = new URL('../../web/src', import.meta.url).pathname;

/** Every graphql(`…`) document in the portal's source, with client-only directives (@_unmask) removed as urql does. */
function portalDocuments(): DocumentNode[] {
  const files = readdirSync(sources, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file));
  return files.flatMap((file) =>
    [...readFileSync(join(sources, file), 'utf8').matchAll(/graphql\(\s*`([^`]*)`/g)].map((match) => parse((match[1] ?? '').replace(/@_\w+/g, ''))),
  );
}

/** The fragments `node` spreads, directly or through other fragments. */
function fragmentsUsedBy(node: ASTNode, fragments: Map<string, FragmentDefinitionNode>, found = new Map<string, FragmentDefinitionNode>()): FragmentDefinitionNode[] {
  visit(node, {
    FragmentSpread(spread) {
      const fragment = fragments.get(spread.name.value);
      if (fragment && !found.has(spread.name.value)) {
        found.set(spread.name.value, fragment);
        fragmentsUsedBy(fragment, fragments, found);
      }
    },
  });
  return [...found.values()];
}

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
    const documents = portalDocuments();
    const fragments = new Map(
      documents.flatMap((document) =>
        document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])),
      ),
    );
    const operations = documents.flatMap((document) => document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION));
    expect(operations.length).toBeGreaterThan(20);
    const problems = operations.flatMap((operation) => {
      const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsedBy(operation, fragments)] };
      return validate(schema, document).map((error) => `${operation.name?.value ?? 'anonymous'}: ${error.message}`);
    });
    expect(problems).toEqual([]);
  });
});
