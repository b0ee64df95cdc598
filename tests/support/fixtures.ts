import { count, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../server/db/client';
import { changeEvents, costCenters, employees, mileageEntries, receipts, timeEntries } from '../../server/db/schema';
import { demoAccounts } from '../../server/db/seed-demo';

/** Ids of the demo data the tests build on. */
export async function demoIds(db: Database) {
  const byEmail = async (email: string) => {
    const [row] = await db.select({ id: employees.id }).from(employees).where(eq(employees.email, email));
    if (!row) throw new Error(`demo employee ${email} missing`);
    return row.id;
  };
  const byCode = async (code: string) => {
    const [row] = await db.select({ id: costCenters.id }).from(costCenters).where(eq(costCenters.code, code));
    if (!row) throw new Error(`demo cost center ${code} missing`);
    return row.id;
  };
  return {
    admin: await byEmail(demoAccounts.admin),
    supervisor: await byEmail(demoAccounts.supervisor),
    employee: await byEmail(demoAccounts.employee),
    /** In SALES, which the supervisor supervises; not the demo employee. */
    salesEmployee: await byEmail('marcus@staffsync.example'),
    /** Only in OPS, which nobody supervises. */
    opsEmployee: await byEmail('noah@staffsync.example'),
    field: await byCode('FIELD'),
    sales: await byCode('SALES'),
    ops: await byCode('OPS'),
  };
}

/** Row counts of every synced table and the change log: equal before and after means nothing was written. */
export async function tableCounts(db: Database) {
  const total = async (table: PgTable) => (await db.select({ total: count() }).from(table))[0]?.total ?? 0;
  return {
    employees: await total(employees),
    mileageEntries: await total(mileageEntries),
    receipts: await total(receipts),
    timeEntries: await total(timeEntries),
    changeEvents: await total(changeEvents),
  };
}

/** Every field of every entity, as a mobile app or the portal asks for them. */
export const entityFields = /* GraphQL */ `
  fragment EntityFields on Node {
    __typename id version createdAt updatedAt
    ... on Employee { name email role active costCenters { id code } }
    ... on MileageEntry { date employeeId costCenterId startLocation endLocation odometerStart odometerEnd miles purpose }
    ... on Receipt { date employeeId costCenterId amountCents currency vendor category description }
    ... on TimeEntry { date employeeId costCenterId hours timeCategory notes }
  }
`;

export const errorFields = /* GraphQL */ `
  fragment ErrorFields on Error {
    __typename message
    ... on ValidationError { fields { field message } }
    ... on NotFoundError { id }
    ... on VersionConflictError { expectedVersion current { ... on Node { ...EntityFields } } }
  }
`;
