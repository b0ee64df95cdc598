import { isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType, type GraphQLSchema } from 'graphql';

/** Where the client kit's types of the schema's inputs live (written by `npm run schema:print`). */
export const clientTypesFile = new URL('../../client/schema-types.ts', import.meta.url);

const scalars: Record<string, string> = { ID: 'string', String: 'string', Int: 'number', Float: 'number', Boolean: 'boolean', Date: 'string', DateTime: 'string', SearchText: 'string' };

function typeOf(type: GraphQLInputType): string {
  if (isNonNullType(type)) return typeOf(type.ofType);
  if (isListType(type)) return `Array<${typeOf(type.ofType)}>`;
  if (isScalarType(type)) {
    const scalar = scalars[type.name];
    if (!scalar) throw new Error(`client-types.ts: map the scalar ${type.name} to a TypeScript type`);
    return scalar;
  }
  return type.name;
}

/**
 * The schema's input objects and enums as TypeScript types, for the client kit (client/), which must
 * not depend on the server or the portal: what an app queues is checked against the schema at compile time.
 */
export function clientTypes(schema: GraphQLSchema): string {
  const types = Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__'))
    .sort((one, other) => one.name.localeCompare(other.name));
  const lines = ['// Generated from the schema by `npm run schema:print`; tests/api/schema-drift.test.ts fails when it is stale.', ''];
  for (const type of types) {
    if (isEnumType(type)) {
      lines.push(`export type ${type.name} = ${type.getValues().map((value) => `'${value.name}'`).join(' | ')};`, '');
    } else if (isInputObjectType(type)) {
      lines.push(`export type ${type.name} = {`);
      for (const field of Object.values(type.getFields())) {
        lines.push(isNonNullType(field.type) ? `  ${field.name}: ${typeOf(field.type)};` : `  ${field.name}?: ${typeOf(field.type)} | null;`);
      }
      lines.push('};', '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
