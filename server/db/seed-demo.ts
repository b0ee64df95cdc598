import dayjs from 'dayjs';
import { count } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords';
import { newId } from '../domain/ids';
import { listMileageRates, rateCovering, reimbursementCents } from '../domain/mileage-rates';
import { weekStartOf } from '../domain/timesheets';
import type { Database, Transaction } from './client';
import {
  costCenters,
  costCenterSupervisors,
  employeeCostCenters,
  employees,
  mileageEntries,
  punches,
  receipts,
  shifts,
  timeEntries,
  timesheets,
  type EntryStatus,
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
const rejections = ['The receipt photo is missing', 'Purpose is too vague: which client?', 'Split this into one entry per day'];

/** Older entries are further along in review; the newest are still drafts. Every state shows up. */
function statusByAge(daysAgo: number, pick: number): EntryStatus {
  if (daysAgo < 4) return pick < 0.6 ? 'DRAFT' : 'SUBMITTED';
  if (daysAgo < 14) return pick < 0.55 ? 'SUBMITTED' : pick < 0.75 ? 'REJECTED' : 'APPROVED';
  if (daysAgo < 35) return pick < 0.15 ? 'SUBMITTED' : pick < 0.75 ? 'APPROVED' : 'REIMBURSED';
  return pick < 0.2 ? 'APPROVED' : 'REIMBURSED';
}

interface Reviewers {
  /** Who approves or rejects the entries of `employeeId`: their supervisor, or the admin where there is none. */
  reviewerOf(employeeId: string): string;
  admin: string;
}

/** The review columns of an entry in `status`, dated `daysAgo` days back, as the workflow would have left them. */
function reviewColumns(status: EntryStatus, daysAgo: number, ownerId: string, reviewers: Reviewers, reason: string) {
  const at = (days: number) => dayjs().subtract(Math.max(days, 0), 'day').toDate();
  const reviewer = reviewers.reviewerOf(ownerId);
  const submitted = status === 'DRAFT' ? null : at(daysAgo - 1);
  const reviewed = ['APPROVED', 'REJECTED', 'REIMBURSED'].includes(status) ? at(daysAgo - 2) : null;
  const reimbursed = status === 'REIMBURSED' ? at(daysAgo - 9) : null;
  const last = reimbursed ?? reviewed ?? submitted;
  const lastBy = reimbursed ? reviewers.admin : reviewed ? reviewer : submitted ? ownerId : null;
  return {
    status,
    submittedAt: submitted,
    reviewedAt: reviewed,
    reviewedById: reviewed ? reviewer : null,
    rejectionReason: status === 'REJECTED' ? reason : null,
    reimbursedAt: reimbursed,
    reimbursedById: reimbursed ? reviewers.admin : null,
    statusChangedAt: last,
    statusChangedById: lastBy,
  };
}

/**
 * Fills an empty database with demo data: 4 cost centers, 10 employees (one admin, one supervisor)
 * and a few hundred entries over the last eight weeks, in every review state (older ones approved or
 * reimbursed, recent ones submitted, rejected or still drafts; hours by week). Does nothing when
 * employees exist.
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
    const supervised = new Set([field.id, sales.id]);
    const reviewers: Reviewers = {
      admin: people[0]!.id,
      reviewerOf: (employeeId) => (people.find((person) => person.id === employeeId)?.centers.some((center) => supervised.has(center.id)) ? people[1]!.id : people[0]!.id),
    };
    const rates = await listMileageRates(tx);
    const daysAgo = () => Math.floor(random.between(0, 56));
    const dateOf = (days: number) => dayjs().subtract(days, 'day').format('YYYY-MM-DD');
    await tx.insert(mileageEntries).values(
      Array.from({ length: 120 }, () => {
        const person = random.pick(staff);
        const odometerStart = Math.round(random.between(10_000, 90_000));
        const miles = Math.round(random.between(3, 180));
        const age = daysAgo();
        const date = dateOf(age);
        const rate = rateCovering(rates, date);
        const review = reviewColumns(rate ? statusByAge(age, random.between(0, 1)) : 'SUBMITTED', age, person.id, reviewers, random.pick(rejections));
        const priced = rate && ['APPROVED', 'REIMBURSED'].includes(review.status);
        return {
          id: newId('MileageEntry'),
          employeeId: person.id,
          costCenterId: random.pick(person.centers).id,
          date,
          startLocation: random.pick(places),
          endLocation: random.pick(places),
          odometerStart,
          odometerEnd: odometerStart + miles,
          miles,
          purpose: random.pick(purposes),
          ...review,
          rateCentsPerMile: priced ? rate.centsPerMile : null,
          reimbursementCents: priced ? reimbursementCents(miles, rate.centsPerMile) : null,
        };
      }),
    );
    await tx.insert(receipts).values(
      Array.from({ length: 120 }, () => {
        const person = random.pick(staff);
        const age = daysAgo();
        return {
          id: newId('Receipt'),
          employeeId: person.id,
          costCenterId: random.pick(person.centers).id,
          date: dateOf(age),
          amountCents: Math.round(random.between(300, 45_000)),
          currency: 'USD',
          vendor: random.pick(vendors),
          category: random.pick(['MEALS', 'LODGING', 'TRAVEL', 'FUEL', 'SUPPLIES', 'OTHER'] as const),
          description: '',
          ...reviewColumns(statusByAge(age, random.between(0, 1)), age, person.id, reviewers, random.pick(rejections)),
        };
      }),
    );
    // Hours are reviewed by week: one timesheet per employee and week, whose state every entry of the week shares.
    const hours = Array.from({ length: 160 }, () => {
      const person = random.pick(staff);
      const age = daysAgo();
      return {
        id: newId('TimeEntry'),
        employeeId: person.id,
        costCenterId: random.pick(person.centers).id,
        date: dateOf(age),
        hours: Math.round(random.between(2, 10) * 4) / 4,
        timeCategory: random.pick(['REGULAR', 'REGULAR', 'REGULAR', 'OVERTIME', 'TRAVEL', 'TRAINING'] as const),
        notes: '',
      };
    });
    const weeks = new Map<string, ReturnType<typeof reviewColumns> & { id: string; employeeId: string; weekStart: string }>();
    for (const entry of hours) {
      const weekStart = weekStartOf(entry.date);
      const key = `${entry.employeeId}/${weekStart}`;
      if (weeks.has(key)) continue;
      const age = dayjs().diff(dayjs(weekStart), 'day') - 6;
      const status = statusByAge(age, random.between(0, 1));
      const review = reviewColumns(status === 'REIMBURSED' ? 'APPROVED' : status, age, entry.employeeId, reviewers, 'Add the overtime approval to the notes');
      weeks.set(key, { ...review, id: newId('Timesheet'), employeeId: entry.employeeId, weekStart });
    }
    await tx.insert(timesheets).values([...weeks.values()]);
    await tx.insert(timeEntries).values(
      hours.map((entry) => {
        const { id: _sheet, employeeId: _owner, weekStart: _week, ...review } = weeks.get(`${entry.employeeId}/${weekStartOf(entry.date)}`)!;
        return { ...entry, ...review };
      }),
    );
    await seedOpenShifts(tx, people);
  });
  return true;
}

/**
 * A few people on the clock as the demo starts, so the "On the clock" board has something to show:
 * two in the supervisor's scope (one on a break), one outside it. Left running, they are flagged as
 * forgotten once SHIFT_FORGOTTEN_AFTER_HOURS have passed, as real ones would be.
 */
async function seedOpenShifts(tx: Transaction, people: ReadonlyArray<{ id: string; email: string; centers: ReadonlyArray<{ id: string }> }>) {
  const ago = (hours: number) => dayjs().subtract(hours * 60, 'minute').toDate();
  const on = [
    { email: 'elena@staffsync.example', since: 3, zone: 'America/New_York', onBreakFor: 0 },
    { email: 'liam@staffsync.example', since: 4.5, zone: 'America/Chicago', onBreakFor: 0.25 },
    { email: 'grace@staffsync.example', since: 2, zone: 'America/Denver', onBreakFor: 0 },
  ];
  for (const { email, since, zone, onBreakFor } of on) {
    const person = people.find((candidate) => candidate.email === email);
    if (!person?.centers[0]) continue;
    const shiftId = newId('Shift');
    const startedAt = ago(since);
    const breakStart = onBreakFor ? ago(onBreakFor) : null;
    await tx.insert(shifts).values({
      id: shiftId,
      employeeId: person.id,
      costCenterId: person.centers[0].id,
      timeZone: zone,
      startedAt,
      breaks: breakStart ? [{ startedAt: breakStart.toISOString(), endedAt: null }] : [],
    });
    const punch = { shiftId, employeeId: person.id, deviceTimeZone: zone, note: '' };
    await tx.insert(punches).values([
      { ...punch, id: newId('Punch'), kind: 'CLOCK_IN', deviceAt: startedAt, receivedAt: startedAt },
      ...(breakStart ? [{ ...punch, id: newId('Punch'), kind: 'BREAK_START' as const, deviceAt: breakStart, receivedAt: breakStart }] : []),
    ]);
  }
}
