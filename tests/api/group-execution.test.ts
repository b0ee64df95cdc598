import dayjs from 'dayjs';
import {
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLNamedType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChanges } from '../../server/changelog/change-log';
import { buildSchema } from '../../server/schema/index';
import { executeForGroup } from '../../server/schema/group-execution';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * A selection of every field reachable from `type`, down to `depth` levels (cycles such as Employee ->
 * CostCenter -> supervisors -> Employee stop there). Fields that require arguments are left out.
 */
function everyField(type: GraphQLNamedType, depth: number): string {
  if (isAbstractType(type)) {
    const schema = buildSchema();
    return `__typename ${schema.getPossibleTypes(type).map((possible) => `... on ${possible.name} { ${everyField(possible, depth)} }`).join(' ')}`;
  }
  if (!isObjectType(type)) return '';
  return Object.values(type.getFields())
    .filter((field) => !field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined))
    .map((field) => {
      const named = getNamedType(field.type);
      if (isLeafType(named)) return field.name;
      return depth > 0 ? `${field.name} { ${everyField(named, depth - 1)} }` : '';
    })
    .filter(Boolean)
    .join(' ');
}

describe.each(engines)('what a subscription group may resolve, on $name', (engine) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(engine);
    const ids = await demoIds(server.app.services.db);
    const today = dayjs().format('YYYY-MM-DD');
    const writes = [
      ['createMileageEntry', 'CreateMileageEntryInput', { costCenterId: ids.field, date: today, startLocation: 'A', endLocation: 'B', miles: 3, purpose: 'Visit' }],
      ['createReceipt', 'CreateReceiptInput', { costCenterId: ids.field, date: today, amountCents: 5, vendor: 'V', category: 'OTHER' }],
      ['createTimeEntry', 'CreateTimeEntryInput', { costCenterId: ids.field, date: today, hours: 1 }],
      ['createEmployee', 'CreateEmployeeInput', { name: `Group ${engine.name}`, email: `group.${engine.name}@staffsync.example`, costCenterIds: [ids.field] }],
    ] as const;
    // Entries by the demo employee (in FIELD), the employee by the admin.
    for (const [field, input, values] of writes) {
      const token = field === 'createEmployee' ? server.tokens.admin : server.tokens.employee;
      const result = await graphqlData(server.url, `mutation ($input: ${input}!) { ${field}(input: $input) { __typename } }`, { input: values }, token);
      expect(Object.values(result)[0]).not.toHaveProperty('__typename', expect.stringMatching(/Error$/));
    }
  });
  afterAll(() => server?.stop());

  it('resolves every field reachable from DataChange without reading the viewer, for every kind of event', async () => {
    const schema = buildSchema();
    const dataChange = schema.getType('DataChange')!;
    const document = parse(`subscription { dataChanged { ${everyField(dataChange, 4)} } }`);
    const events = await readChanges(server.app.services.db, 0, 10_000);
    const kinds = new Set(events.map((event) => `${event.type} ${event.action}`));
    expect(kinds).toEqual(new Set(['EMPLOYEE CREATE', 'MILEAGE CREATE', 'RECEIPT CREATE', 'TIME_TRACKING CREATE']));
    const execute = executeForGroup(server.app.services);
    for (const scope of [{ kind: 'all' as const }, { kind: 'employees' as const, employeeIds: new Set(events.map((event) => event.employeeId ?? event.entityId)) }]) {
      for (const event of events) {
        const { result } = await execute({ schema, document }, event, scope, event.employeeId ?? event.entityId);
        expect(result.errors, `${event.type} ${event.action}`).toBeUndefined();
        expect((result.data?.dataChanged as { node: { id: string } }).node.id).toBe(event.entityId);
      }
    }
  });

  it('fails any resolver that reads the viewer during delivery', async () => {
    const readsViewer = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: { dataChanged: { type: GraphQLString, resolve: (_event, _args, context: { viewer: unknown }) => String(context.viewer) } },
      }),
    });
    const [event] = await readChanges(server.app.services.db, 0, 1);
    const { result } = await executeForGroup(server.app.services)({ schema: readsViewer, document: parse('subscription { dataChanged }') }, event!, { kind: 'all' }, event!.entityId);
    expect(result.errors?.map((error) => error.message)).toEqual(['A field reachable from DataChange read context.viewer; use context.scope() instead']);
  });
});
