import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ['EMPLOYEE', 'SUPERVISOR', 'ADMIN']);
export const receiptCategoryEnum = pgEnum('receipt_category', [
  'MEALS',
  'LODGING',
  'TRAVEL',
  'FUEL',
  'SUPPLIES',
  'OTHER',
]);
export const timeCategoryEnum = pgEnum('time_category', ['REGULAR', 'OVERTIME', 'TRAVEL', 'TRAINING', 'LEAVE']);

/** Columns every synced entity carries: a stable id, an optimistic-concurrency version and timestamps. */
const entityColumns = {
  id: text('id').primaryKey(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const employees = pgTable(
  'employees',
  {
    ...entityColumns,
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: roleEnum('role').notNull().default('EMPLOYEE'),
    active: boolean('active').notNull().default(true),
    passwordHash: text('password_hash'),
  },
  (table) => [
    uniqueIndex('employees_email_key').on(sql`lower(${table.email})`),
    check('employees_name_not_blank', sql`length(trim(${table.name})) > 0`),
  ],
);

export const costCenters = pgTable(
  'cost_centers',
  {
    ...entityColumns,
    code: text('code').notNull(),
    name: text('name').notNull(),
  },
  (table) => [uniqueIndex('cost_centers_code_key').on(table.code)],
);

/** Which cost centers an employee works for; a supervisor sees the employees of the centers they supervise. */
export const employeeCostCenters = pgTable(
  'employee_cost_centers',
  {
    employeeId: text('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    costCenterId: text('cost_center_id')
      .notNull()
      .references(() => costCenters.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.employeeId, table.costCenterId] }),
    index('employee_cost_centers_cost_center_idx').on(table.costCenterId),
  ],
);

export const costCenterSupervisors = pgTable(
  'cost_center_supervisors',
  {
    costCenterId: text('cost_center_id')
      .notNull()
      .references(() => costCenters.id, { onDelete: 'cascade' }),
    supervisorId: text('supervisor_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
  },
  (table) => [
    primaryKey({ columns: [table.costCenterId, table.supervisorId] }),
    index('cost_center_supervisors_supervisor_idx').on(table.supervisorId),
  ],
);

/** Columns shared by the three kinds of entries an employee logs. */
const entryColumns = {
  ...entityColumns,
  // Restrict, not cascade: removing an employee must not silently drop entries without change events.
  employeeId: text('employee_id')
    .notNull()
    .references(() => employees.id, { onDelete: 'restrict' }),
  costCenterId: text('cost_center_id')
    .notNull()
    .references(() => costCenters.id, { onDelete: 'restrict' }),
  date: date('date', { mode: 'string' }).notNull(),
};

export const mileageEntries = pgTable(
  'mileage_entries',
  {
    ...entryColumns,
    startLocation: text('start_location').notNull(),
    endLocation: text('end_location').notNull(),
    odometerStart: integer('odometer_start'),
    odometerEnd: integer('odometer_end'),
    miles: numeric('miles', { precision: 9, scale: 1, mode: 'number' }).notNull(),
    purpose: text('purpose').notNull(),
  },
  (table) => [
    check('mileage_entries_miles_not_negative', sql`${table.miles} >= 0`),
    check(
      'mileage_entries_odometer_order',
      sql`${table.odometerStart} IS NULL OR ${table.odometerEnd} IS NULL OR ${table.odometerEnd} >= ${table.odometerStart}`,
    ),
    index('mileage_entries_employee_date_idx').on(table.employeeId, table.date),
    index('mileage_entries_cost_center_date_idx').on(table.costCenterId, table.date),
    index('mileage_entries_date_idx').on(table.date, table.id),
  ],
);

export const receipts = pgTable(
  'receipts',
  {
    ...entryColumns,
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull().default('USD'),
    vendor: text('vendor').notNull(),
    category: receiptCategoryEnum('category').notNull(),
    description: text('description').notNull().default(''),
  },
  (table) => [
    check('receipts_amount_not_negative', sql`${table.amountCents} >= 0`),
    check('receipts_currency_code', sql`${table.currency} ~ '^[A-Z]{3}$'`),
    check('receipts_vendor_not_blank', sql`length(trim(${table.vendor})) > 0`),
    index('receipts_employee_date_idx').on(table.employeeId, table.date),
    index('receipts_cost_center_date_idx').on(table.costCenterId, table.date),
    index('receipts_date_idx').on(table.date, table.id),
  ],
);

export const timeEntries = pgTable(
  'time_entries',
  {
    ...entryColumns,
    hours: numeric('hours', { precision: 4, scale: 2, mode: 'number' }).notNull(),
    // Named apart from Receipt.category: one GraphQL selection over both types must not see two types for one field name.
    timeCategory: timeCategoryEnum('category').notNull().default('REGULAR'),
    notes: text('notes').notNull().default(''),
  },
  (table) => [
    check('time_entries_hours_range', sql`${table.hours} > 0 AND ${table.hours} <= 24`),
    index('time_entries_employee_date_idx').on(table.employeeId, table.date),
    index('time_entries_cost_center_date_idx').on(table.costCenterId, table.date),
    index('time_entries_date_idx').on(table.date, table.id),
  ],
);

/**
 * The change log: one row per committed write, in commit order (see changelog/change-log.ts).
 * It is the source of truth for subscriptions, resume and the `changes` query.
 */
export const changeEvents = pgTable(
  'change_events',
  {
    position: bigserial('position', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    action: text('action').notNull(),
    entityId: text('entity_id').notNull(),
    employeeId: text('employee_id'),
    snapshot: jsonb('snapshot').$type<Record<string, unknown> | null>(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorId: text('actor_id'),
  },
  (table) => [index('change_events_at_idx').on(table.at)],
);

/** One row: the highest change-log position removed by retention; older cursors must resync. */
export const changeLogHorizon = pgTable('change_log_horizon', {
  id: integer('id').primaryKey().default(1),
  prunedThrough: bigint('pruned_through', { mode: 'number' }).notNull().default(0),
});

/** Results of creates made with an idempotency key, so a retried request returns the first result. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    operation: text('operation').notNull(),
    requestHash: text('request_hash').notNull(),
    entityId: text('entity_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.key] })],
);

/** Sign-in sessions; only a hash of the bearer token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    employeeId: text('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [uniqueIndex('sessions_token_hash_key').on(table.tokenHash), index('sessions_employee_idx').on(table.employeeId)],
);

export type EmployeeRow = typeof employees.$inferSelect;
export type CostCenterRow = typeof costCenters.$inferSelect;
export type MileageEntryRow = typeof mileageEntries.$inferSelect;
export type ReceiptRow = typeof receipts.$inferSelect;
export type TimeEntryRow = typeof timeEntries.$inferSelect;
export type ChangeEventRow = typeof changeEvents.$inferSelect;
