import dayjs from 'dayjs';
import { count } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords';
import { newId } from '../domain/ids';
import type { Database } from './client';
import {
  costCenters,
  costCenterSupervisors,
  employeeCostCenters,
  employees,
  mileageEntries,
  receipts,
  timeEntries,
} from './schema';

/** Every demo account signs in with this password (README, "Demo accounts"). */
export const demoPassword = 'demo-password';

export const demoAccounts = {
  admin: 'admin@staffsync.example',
  supervisor: 'supervisor@staffsync.example',
  employee: 'jordan@staffsync.example',
} as const;

/** A small deterministic generator, so every fresh demo database looks the same. */
function randomSequence(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return {
    between: (low: number, high: number) => low + next() * (high - low),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

const places = ['Head office', 'Riverside depot', 'Airport', 'Client site North', 'Client site South', 'Warehouse 3', 'Downtown branch'];
const vendors = ['Staples', 'Shell', 'Hilton', 'Delta', 'Chipotle', 'Home Depot', 'Uber', 'Marriott', 'Office Depot'];
const purposes = ['Client visit', 'Site inspection', 'Delivery run', 'Training day', 'Supplier meeting'];

/**
 * Fills an empty database with demo data: 4 cost centers, 10 employees (one admin, one supervisor)
 * and a few hundred entries over the last eight weeks. Does nothing when employees exist.
 */
export async function seedDemoData(db: Database): Promise<boolean> {
  const [existing] = await db.select({ total: count() }).from(employees);
  if ((existing?.total ?? 0) > 0) return false;
  const random = randomSequence(42);
  const passwordHash = await hashPassword(demoPassword);

  const centers = [
    { code: 'FIELD', name: 'Field service' },
    { code: 'SALES', name: 'Sales' },
    { code: 'OPS', name: 'Operations' },
    { code: 'ADMIN', name: 'Administration' },
  ].map((center) => ({ ...center, id: newId('CostCenter') }));
  const [field, sales, ops, admin] = centers as [typeof centers[0], typeof centers[0], typeof centers[0], typeof centers[0]];

  const people = [
    { name: 'Avery Admin', email: demoAccounts.admin, role: 'ADMIN' as const, centers: [admin] },
    { name: 'Sam Supervisor', email: demoAccounts.supervisor, role: 'SUPERVISOR' as const, centers: [field] },
    { name: 'Jordan Lee', email: demoAccounts.employee, role: 'EMPLOYEE' as const, centers: [field] },
    { name: 'Priya Patel', email: 'priya@staffsync.example', role: 'EMPLOYEE' as const, centers: [field] },
    { name: 'Marcus Chen', email: 'marcus@staffsync.example', role: 'EMPLOYEE' as const, centers: [sales] },
    { name: 'Elena Rossi', email: 'elena@staffsync.example', role: 'EMPLOYEE' as const, centers: [sales] },
    { name: 'Noah Williams', email: 'noah@staffsync.example', role: 'EMPLOYEE' as const, centers: [ops] },
    { name: 'Fatima Khan', email: 'fatima@staffsync.example', role: 'EMPLOYEE' as const, centers: [ops, field] },
    { name: 'Liam O’Brien', email: 'liam@staffsync.example', role: 'EMPLOYEE' as const, centers: [sales] },
    { name: 'Grace Kim', email: 'grace@staffsync.example', role: 'EMPLOYEE' as const, centers: [ops] },
  ].map((person) => ({ ...person, id: newId('Employee') }));

  await db.transaction(async (tx) => {
    await tx.insert(costCenters).values(centers.map(({ id, code, name }) => ({ id, code, name })));
    await tx.insert(employees).values(people.map(({ id, name, email, role }) => ({ id, name, email, role, passwordHash })));
    await tx
      .insert(employeeCostCenters)
      .values(people.flatMap((person) => person.centers.map((center) => ({ employeeId: person.id, costCenterId: center.id }))));
    await tx.insert(costCenterSupervisors).values([
      { costCenterId: field.id, supervisorId: people[1]!.id },
      { costCenterId: sales.id, supervisorId: people[1]!.id },
    ]);

    const staff = people.filter((person) => person.role === 'EMPLOYEE');
    const day = () => dayjs().subtract(Math.floor(random.between(0, 56)), 'day').format('YYYY-MM-DD');
    await tx.insert(mileageEntries).values(
      Array.from({ length: 120 }, () => {
        const person = random.pick(staff);
        const odometerStart = Math.round(random.between(10_000, 90_000));
        const miles = Math.round(random.between(3, 180));
        return {
          id: newId('MileageEntry'),
          employeeId: person.id,
          costCenterId: random.pick(person.centers).id,
          date: day(),
          startLocation: random.pick(places),
          endLocation: random.pick(places),
          odometerStart,
          odometerEnd: odometerStart + miles,
          miles,
          purpose: random.pick(purposes),
        };
      }),
    );
    await tx.insert(receipts).values(
      Array.from({ length: 120 }, () => {
        const person = random.pick(staff);
        return {
          id: newId('Receipt'),
          employeeId: person.id,
          costCenterId: random.pick(person.centers).id,
          date: day(),
          amountCents: Math.round(random.between(300, 45_000)),
          currency: 'USD',
          vendor: random.pick(vendors),
          category: random.pick(['MEALS', 'LODGING', 'TRAVEL', 'FUEL', 'SUPPLIES', 'OTHER'] as const),
          description: '',
        };
      }),
    );
    await tx.insert(timeEntries).values(
      Array.from({ length: 160 }, () => {
        const person = random.pick(staff);
        return {
          id: newId('TimeEntry'),
          employeeId: person.id,
          costCenterId: random.pick(person.centers).id,
          date: day(),
          hours: Math.round(random.between(2, 10) * 4) / 4,
          timeCategory: random.pick(['REGULAR', 'REGULAR', 'REGULAR', 'OVERTIME', 'TRAVEL', 'TRAINING'] as const),
          notes: '',
        };
      }),
    );
  });
  return true;
}
