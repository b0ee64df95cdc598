import { createSession } from '../server/auth/sessions';
import type { Database } from '../server/db/client';
import { costCenters, costCenterSupervisors, employeeCostCenters, employees } from '../server/db/schema';
import { newId } from '../server/domain/ids';

/** How many people of each role the realistic-scopes scenario signs in, one subscriber each. */
export interface PopulationSpec {
  employees: number;
  supervisors: number;
  admins: number;
}

/**
 * The people of the realistic-scopes scenario as the driver needs them. Subscriber order is fixed:
 * employees first, then supervisors, then admins; employee i works for cost center i mod supervisors,
 * which supervisor j alone supervises, so each employee's changes reach exactly four subscribers:
 * the employee, their supervisor and the two admins.
 */
export interface Population {
  spec: PopulationSpec;
  /** A signed-in session per subscriber, in subscriber order. */
  tokens: string[];
  employeeIds: string[];
  /** The cost center of each employee, by employee index. */
  costCenterIds: string[];
}

export const subscriberCount = (spec: PopulationSpec): number => spec.employees + spec.supervisors + spec.admins;

/** Subscribers who receive a change to employee `employee`'s data: themselves, their supervisor, every admin. */
export function audienceOf(spec: PopulationSpec, employee: number): number[] {
  const admins = Array.from({ length: spec.admins }, (_, index) => spec.employees + spec.supervisors + index);
  return [employee, spec.employees + (employee % spec.supervisors), ...admins];
}

const envKey = 'BENCH_POPULATION';

/** The environment that asks a server child to seed `spec` (employees,supervisors,admins). */
export const populationEnv = (spec: PopulationSpec): NodeJS.ProcessEnv => ({ [envKey]: `${spec.employees},${spec.supervisors},${spec.admins}` });

export function populationFromEnv(env: NodeJS.ProcessEnv): PopulationSpec | undefined {
  const raw = env[envKey];
  if (!raw) return undefined;
  const [employees = 0, supervisors = 0, admins = 0] = raw.split(',').map(Number);
  return { employees, supervisors, admins };
}

const batch = 500;

async function insertInBatches<Row>(rows: Row[], insert: (rows: Row[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += batch) await insert(rows.slice(start, start + batch));
}

/**
 * Creates the people straight in the database (signing 10,000 people in through the API would spend
 * minutes hashing passwords) and opens a session for each, as signing in would.
 */
export async function seedPopulation(db: Database, spec: PopulationSpec, sessionTtlMs: number): Promise<Population> {
  const centers = Array.from({ length: spec.supervisors }, (_, index) => ({ id: newId('CostCenter'), code: `SCOPE-${index}`, name: `Scope team ${index}` }));
  const person = (role: 'EMPLOYEE' | 'SUPERVISOR' | 'ADMIN', index: number) => ({
    id: newId('Employee'),
    name: `Bench ${role.toLowerCase()} ${index}`,
    email: `bench-${role.toLowerCase()}-${index}@scopes.example`,
    role,
  });
  const staff = Array.from({ length: spec.employees }, (_, index) => person('EMPLOYEE', index));
  const supervisors = Array.from({ length: spec.supervisors }, (_, index) => person('SUPERVISOR', index));
  const admins = Array.from({ length: spec.admins }, (_, index) => person('ADMIN', index));
  const costCenterIds = staff.map((_, index) => centers[index % centers.length]!.id);

  await db.insert(costCenters).values(centers);
  await insertInBatches([...staff, ...supervisors, ...admins], (rows) => db.insert(employees).values(rows));
  await insertInBatches(
    staff.map((employee, index) => ({ employeeId: employee.id, costCenterId: costCenterIds[index]! })),
    (rows) => db.insert(employeeCostCenters).values(rows),
  );
  await db.insert(costCenterSupervisors).values(supervisors.map((supervisor, index) => ({ costCenterId: centers[index]!.id, supervisorId: supervisor.id })));

  const tokens: string[] = [];
  for (const { id } of [...staff, ...supervisors, ...admins]) tokens.push((await createSession(db, id, sessionTtlMs)).token);
  return { spec, tokens, employeeIds: staff.map((employee) => employee.id), costCenterIds };
}
