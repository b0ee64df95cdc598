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
  customType,
  uniqueIndex,
  type PgColumn,
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
/** Where an entry or a timesheet is in review; the moves between them are domain/entry-status.ts. */
export const entryStatusEnum = pgEnum('entry_status', ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'REIMBURSED']);
/** What a punch on the time clock did to its shift. */
export const punchKindEnum = pgEnum('punch_kind', ['CLOCK_IN', 'BREAK_START', 'BREAK_END', 'CLOCK_OUT']);

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

/**
 * Review state, shared by entries and timesheets. Who-columns hold employee ids without a foreign key,
 * like the change log's actor: removing a reviewer must not rewrite or block the record of what they did.
 */
const workflowColumns = {
  status: entryStatusEnum('status').notNull().default('DRAFT'),
  /** When and by whom the status last changed (submitted, approved, rejected, reimbursed or reopened). */
  statusChangedAt: timestamp('status_changed_at', { withTimezone: true, mode: 'date' }),
  statusChangedById: text('status_changed_by_id'),
  submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
  /** Who approved or rejected it, and when. */
  reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
  reviewedById: text('reviewed_by_id'),
  rejectionReason: text('rejection_reason'),
  reimbursedAt: timestamp('reimbursed_at', { withTimezone: true, mode: 'date' }),
  reimbursedById: text('reimbursed_by_id'),
};

/** Columns shared by the three kinds of entries an employee logs. */
const entryColumns = {
  ...entityColumns,
  ...workflowColumns,
  // Restrict, not cascade: removing an employee must not silently drop entries without change events.
  employeeId: text('employee_id')
    .notNull()
    .references(() => employees.id, { onDelete: 'restrict' }),
  costCenterId: text('cost_center_id')
    .notNull()
    .references(() => costCenters.id, { onDelete: 'restrict' }),
  date: date('date', { mode: 'string' }).notNull(),
};

/** A rejection always says why. */
function entryChecks(name: string, table: { status: PgColumn; rejectionReason: PgColumn }) {
  return [check(`${name}_rejection_has_reason`, sql`${table.status} <> 'REJECTED' OR ${table.rejectionReason} IS NOT NULL`)];
}

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
    /** The rate and the amount, fixed when the trip is approved (null before): later rate changes do not touch them. */
    rateCentsPerMile: numeric('rate_cents_per_mile', { precision: 6, scale: 2, mode: 'number' }),
    reimbursementCents: integer('reimbursement_cents'),
  },
  (table) => [
    ...entryChecks('mileage_entries', table),
    check(
      'mileage_entries_amount_fixed_when_approved',
      sql`${table.status} NOT IN ('APPROVED', 'REIMBURSED') OR (${table.reimbursementCents} IS NOT NULL AND ${table.rateCentsPerMile} IS NOT NULL)`,
    ),
    index('mileage_entries_status_submitted_idx').on(table.status, table.submittedAt, table.id),
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
    /** The photo or PDF of the receipt (null: none yet); replacing it makes a new photo with a new id. */
    photoId: text('photo_id').references((): PgColumn => receiptPhotos.id, { onDelete: 'set null' }),
  },
  (table) => [
    ...entryChecks('receipts', table),
    index('receipts_status_submitted_idx').on(table.status, table.submittedAt, table.id),
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
    /** The shift on the time clock these hours were built from (null: typed in); one entry per shift and day. */
    shiftId: text('shift_id').references((): PgColumn => shifts.id, { onDelete: 'restrict' }),
  },
  (table) => [
    ...entryChecks('time_entries', table),
    uniqueIndex('time_entries_shift_date_key').on(table.shiftId, table.date).where(sql`${table.shiftId} IS NOT NULL`),
    // Hours are paid through payroll, not reimbursed.
    check('time_entries_never_reimbursed', sql`${table.status} <> 'REIMBURSED'`),
    check('time_entries_hours_range', sql`${table.hours} > 0 AND ${table.hours} <= 24`),
    index('time_entries_employee_date_idx').on(table.employeeId, table.date),
    index('time_entries_cost_center_date_idx').on(table.costCenterId, table.date),
    index('time_entries_date_idx').on(table.date, table.id),
  ],
);

/**
 * One employee's hours of one week (Monday to Sunday), reviewed as a whole. The row exists from the
 * week's first entry on; every time-entry write locks it, so a week cannot be approved while an entry
 * is being added to it. Its entries carry the same status.
 */
export const timesheets = pgTable(
  'timesheets',
  {
    ...entityColumns,
    ...workflowColumns,
    employeeId: text('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    weekStart: date('week_start', { mode: 'string' }).notNull(),
  },
  (table) => [
    uniqueIndex('timesheets_employee_week_key').on(table.employeeId, table.weekStart),
    check('timesheets_week_starts_monday', sql`extract(isodow from ${table.weekStart}) = 1`),
    check('timesheets_rejection_has_reason', sql`${table.status} <> 'REJECTED' OR ${table.rejectionReason} IS NOT NULL`),
    check('timesheets_never_reimbursed', sql`${table.status} <> 'REIMBURSED'`),
    index('timesheets_status_submitted_idx').on(table.status, table.submittedAt, table.id),
    index('timesheets_week_idx').on(table.weekStart, table.id),
  ],
);

/** Bytes as PostgreSQL stores them (bytea); both drivers hand back a Uint8Array or a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/**
 * A receipt's photo or PDF as it was checked and cleaned on upload (domain/receipt-photo.ts). Never
 * changed once written: a new upload is a new row, so a link to one photo never shows another.
 */
export const receiptPhotos = pgTable(
  'receipt_photos',
  {
    id: text('id').primaryKey(),
    receiptId: text('receipt_id')
      .notNull()
      .references((): PgColumn => receipts.id, { onDelete: 'cascade' }),
    /** What the content is, found from the bytes: image/jpeg, image/png, image/webp or application/pdf. */
    contentType: text('content_type').notNull(),
    /** Size of the file served (the cleaned image, or the PDF as uploaded). */
    sizeBytes: integer('size_bytes').notNull(),
    width: integer('width'),
    height: integer('height'),
    /** Whether a thumbnail was made (images: yes; PDFs: no). */
    hasThumbnail: boolean('has_thumbnail').notNull(),
    uploadedById: text('uploaded_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('receipt_photos_receipt_idx').on(table.receiptId), check('receipt_photos_size_positive', sql`${table.sizeBytes} > 0`)],
);

/** The bytes of photos, when they are kept in the database (photos/database-photo-store.ts). */
export const photoFiles = pgTable(
  'photo_files',
  {
    photoId: text('photo_id')
      .notNull()
      .references(() => receiptPhotos.id, { onDelete: 'cascade' }),
    /** `original` (what is served as the photo) or `thumbnail`. */
    variant: text('variant').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (table) => [primaryKey({ columns: [table.photoId, table.variant] })],
);

/** Secrets every instance shares, made by the first instance that needs one (auth/photo-links.ts). */
export const signingKeys = pgTable('signing_keys', {
  name: text('name').primaryKey(),
  secret: bytea('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** A break inside a shift, as stored in `shifts.breaks` (ISO timestamps; `endedAt` null while it runs). */
export interface StoredBreak {
  startedAt: string;
  endedAt: string | null;
}

/**
 * One stretch of work on the time clock, from clock-in to clock-out, with its breaks. Times are the
 * punches' device times as accepted (see domain/punch-time.ts); the raw punches are kept in `punches`.
 * An employee has at most one open shift (no `ended_at`), which the partial unique index enforces
 * even when two clock-ins race.
 */
export const shifts = pgTable(
  'shifts',
  {
    ...entityColumns,
    employeeId: text('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'restrict' }),
    costCenterId: text('cost_center_id')
      .notNull()
      .references(() => costCenters.id, { onDelete: 'restrict' }),
    /** The IANA zone the employee clocked in from: days (and so time entries) are split at its midnight. */
    timeZone: text('time_zone').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    breaks: jsonb('breaks').$type<StoredBreak[]>().notNull().default([]),
    note: text('note').notNull().default(''),
  },
  (table) => [
    uniqueIndex('shifts_one_open_per_employee').on(table.employeeId).where(sql`${table.endedAt} IS NULL`),
    check('shifts_end_after_start', sql`${table.endedAt} IS NULL OR ${table.endedAt} >= ${table.startedAt}`),
    index('shifts_employee_started_idx').on(table.employeeId, table.startedAt),
    index('shifts_started_idx').on(table.startedAt, table.id),
  ],
);

/**
 * Every punch as it arrived, never changed: the device's time and zone beside the server's receipt
 * time, who sent it, and a coarse location when the employee consented to share one. Corrections
 * change the shift, not its punches, so the original record stays.
 */
export const punches = pgTable(
  'punches',
  {
    id: text('id').primaryKey(),
    shiftId: text('shift_id')
      .notNull()
      .references(() => shifts.id, { onDelete: 'cascade' }),
    employeeId: text('employee_id').notNull(),
    kind: punchKindEnum('kind').notNull(),
    /** When the device says the punch happened. */
    deviceAt: timestamp('device_at', { withTimezone: true, mode: 'date' }).notNull(),
    deviceTimeZone: text('device_time_zone').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Rounded to two decimals (about a kilometre) before it is stored. */
    latitude: numeric('latitude', { precision: 5, scale: 2, mode: 'number' }),
    longitude: numeric('longitude', { precision: 5, scale: 2, mode: 'number' }),
    note: text('note').notNull().default(''),
  },
  (table) => [
    index('punches_shift_idx').on(table.shiftId, table.deviceAt),
    check('punches_latitude_range', sql`${table.latitude} BETWEEN -90 AND 90`),
    check('punches_longitude_range', sql`${table.longitude} BETWEEN -180 AND 180`),
  ],
);

/**
 * Reimbursement per mile, by the days it applies to (both ends inclusive; no end: until further notice).
 * Periods never overlap (an exclusion constraint in the migration backs the check in domain/mileage-rates.ts).
 */
export const mileageRates = pgTable(
  'mileage_rates',
  {
    ...entityColumns,
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    centsPerMile: numeric('cents_per_mile', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    note: text('note').notNull().default(''),
  },
  (table) => [
    check('mileage_rates_cents_not_negative', sql`${table.centsPerMile} >= 0`),
    check('mileage_rates_period_order', sql`${table.effectiveTo} IS NULL OR ${table.effectiveTo} >= ${table.effectiveFrom}`),
    index('mileage_rates_from_idx').on(table.effectiveFrom),
  ],
);

/** One field's value before and after a change, as stored in the history (JSON values). */
export interface StoredFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The audit trail: who did what to which entity, and which fields changed from what to what. Written in
 * the same transaction as the change itself and never pruned with the change log, so it outlives it.
 */
export const entityHistory = pgTable(
  'entity_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    /** The employee the entity belongs to, when it has one. */
    employeeId: text('employee_id'),
    action: text('action').notNull(),
    actorId: text('actor_id'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    changes: jsonb('changes').$type<StoredFieldChange[]>().notNull().default([]),
    reason: text('reason'),
  },
  (table) => [index('entity_history_entity_idx').on(table.entityId, table.id)],
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
    /** What decided who could see the entity before this change, where it changed (see PreviousVisibility). */
    previous: jsonb('previous').$type<PreviousVisibility | null>(),
    /** Names of the fields this change set to a new value (UPDATE only). */
    changedFields: jsonb('changed_fields').$type<string[] | null>(),
  },
  (table) => [index('change_events_at_idx').on(table.at)],
);

/**
 * Who could see an entity before a change that moved it: its previous owner (an entry handed to another
 * employee), or an employee's previous cost centers (which decide which supervisors see them).
 */
export interface PreviousVisibility {
  employeeId?: string;
  costCenterIds?: string[];
}

/** One row: this database's identity, so a cursor from another database (or a restored copy) is recognised. */
export const databaseIdentity = pgTable('database_identity', {
  id: integer('id').primaryKey().default(1),
  databaseId: text('database_id').notNull(),
});

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
    /** Slides forward with use (an idle session ends), never past `absoluteExpiresAt`. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true, mode: 'date' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    /** What the client called itself at sign-in ("Jordan's iPhone"), shown in the sessions list. */
    deviceName: text('device_name').notNull().default(''),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    /** Why it was revoked: SIGNED_OUT, SIGNED_OUT_ELSEWHERE, PASSWORD_CHANGED, DEACTIVATED. */
    revokedReason: text('revoked_reason'),
  },
  (table) => [uniqueIndex('sessions_token_hash_key').on(table.tokenHash), index('sessions_employee_idx').on(table.employeeId)],
);

/**
 * Failed sign-ins per key (an account at an address, an account anywhere, an address), in a fixed
 * window. Shared by every instance; each attempt counts itself before the password is checked, in one
 * statement, so parallel attempts cannot slip past the limit.
 */
export const signInFailures = pgTable('sign_in_failures', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true, mode: 'date' }).notNull(),
  windowSeconds: integer('window_seconds').notNull(),
});

export type EmployeeRow = typeof employees.$inferSelect;
export type CostCenterRow = typeof costCenters.$inferSelect;
export type MileageEntryRow = typeof mileageEntries.$inferSelect;
export type ReceiptRow = typeof receipts.$inferSelect;
export type TimeEntryRow = typeof timeEntries.$inferSelect;
export type ChangeEventRow = typeof changeEvents.$inferSelect;
export type TimesheetRow = typeof timesheets.$inferSelect;
export type MileageRateRow = typeof mileageRates.$inferSelect;
export type EntityHistoryRow = typeof entityHistory.$inferSelect;
export type ShiftRow = typeof shifts.$inferSelect;
export type PunchRow = typeof punches.$inferSelect;
export type ReceiptPhotoRow = typeof receiptPhotos.$inferSelect;
export type PunchKind = (typeof punchKindEnum.enumValues)[number];
export type EntryStatus = (typeof entryStatusEnum.enumValues)[number];
