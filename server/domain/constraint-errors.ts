import { ValidationError } from './errors';

/** Database constraints backing the validation rules, mapped to the input field each protects. */
const fieldByConstraint: Record<string, { field: string; message: string }> = {
  employees_email_key: { field: 'email', message: 'is already used by another employee' },
  employees_name_not_blank: { field: 'name', message: 'must not be empty' },
  cost_centers_code_key: { field: 'code', message: 'is already used by another cost center' },
  mileage_entries_miles_not_negative: { field: 'miles', message: 'must not be negative' },
  mileage_entries_odometer_order: { field: 'odometerEnd', message: 'must not be below the start reading' },
  receipts_amount_not_negative: { field: 'amountCents', message: 'must not be negative' },
  receipts_currency_code: { field: 'currency', message: 'must be a three-letter code like USD' },
  receipts_vendor_not_blank: { field: 'vendor', message: 'must not be empty' },
  time_entries_hours_range: { field: 'hours', message: 'must be more than 0 and at most 24' },
  time_entries_shift_date_key: { field: 'date', message: 'already has hours from the same shift' },
  mileage_rates_no_overlap: { field: 'effectiveFrom', message: 'overlaps the period of another rate' },
  mileage_rates_cents_not_negative: { field: 'centsPerMile', message: 'must not be negative' },
  mileage_rates_period_order: { field: 'effectiveTo', message: 'must not be before the first day' },
};

interface PgErrorShape {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  cause?: unknown;
}

/** The PostgreSQL error inside whatever wrapped it (drizzle wraps driver errors in `cause`). */
function findPgError(error: unknown): PgErrorShape | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const shape = current as PgErrorShape;
    if (typeof shape.code === 'string' && /^[0-9A-Z]{5}$/.test(shape.code)) return shape;
    current = shape.cause;
  }
  return undefined;
}

/** Whether the error is a violation of the named constraint. */
export function violatesConstraint(error: unknown, constraint: string): boolean {
  const pgError = findPgError(error);
  return (pgError?.constraint ?? pgError?.constraint_name) === constraint;
}

/**
 * Turns a constraint violation that slipped past input validation (a race, e.g. two admins taking the
 * same email at once) into the same typed error validation gives. Anything else is rethrown unchanged.
 */
export function translateConstraintError(error: unknown): unknown {
  const pgError = findPgError(error);
  if (!pgError || !pgError.code?.startsWith('23')) return error;
  const constraint = pgError.constraint ?? pgError.constraint_name ?? '';
  const known = fieldByConstraint[constraint];
  if (known) return ValidationError.of(known.field, known.message);
  if (pgError.code === '23503') return ValidationError.of('input', 'refers to something that does not exist');
  return error;
}
