import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { clientTypes, clientTypesFile } from '../../server/schema/client-types';
import { sortedSchema } from '../../server/schema/index';

describe('schema.graphql', () => {
  it('matches the schema the server builds (run `npm run schema:print` after a schema change)', () => {
    const checkedIn = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(checkedIn).toBe(`${printSchema(sortedSchema())}\n`);
  });

  it('matches the client kit\'s types of its inputs (client/schema-types.ts, written by the same script)', () => {
    expect(readFileSync(clientTypesFile, 'utf8')).toBe(clientTypes(sortedSchema()));
  });

  it('keeps the public contract the mobile app depends on', () => {
    const printed = printSchema(sortedSchema());
    // TIME_CLOCK and Shift were added on purpose (the time clock); the earlier values stay as they were.
    expect(printed).toContain('enum DataType {\n  EMPLOYEE\n  MILEAGE\n  RECEIPT\n  TIME_CLOCK\n  TIME_TRACKING\n}');
    expect(printed).toContain('union SyncNode = Employee | MileageEntry | Receipt | Shift | TimeEntry');
    expect(printed).toMatch(/dataChanged\([\s\S]*?after: String[\s\S]*?type: DataType\s*\): DataChange!/);
    for (const field of ['cursor: String!', 'type: DataType!', 'action: ChangeAction!', 'id: ID!', 'employeeId: ID', 'at: DateTime!', 'node: SyncNode']) {
      expect(printed.slice(printed.indexOf('type DataChange {'))).toContain(field);
    }
  });
});
