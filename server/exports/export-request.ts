import { z } from 'zod';
import { entryStatusEnum } from '../db/schema';
import { ValidationError } from '../domain/errors';
import { calendarDate, entityId, validate } from '../domain/validation';

/** The downloads, by the path they are served at (under /exports/). */
export const exportPaths = {
  MILEAGE_CSV: 'mileage.csv',
  RECEIPTS_CSV: 'receipts.csv',
  TIME_CSV: 'time.csv',
  MILEAGE_LOG_CSV: 'mileage-log.csv',
  MILEAGE_LOG_PDF: 'mileage-log.pdf',
} as const;
export type ExportKind = keyof typeof exportPaths;
export const exportKinds = Object.keys(exportPaths) as ExportKind[];

export function exportKindOfPath(path: string): ExportKind | undefined {
  return exportKinds.find((kind) => `/exports/${exportPaths[kind]}` === path);
}

/** A list's filter, as query parameters carry it (status as a comma-separated list). */
const listFilterSchema = z.object({
  employeeId: entityId.optional(),
  costCenterId: entityId.optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  status: z
    .string()
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(z.enum(entryStatusEnum.enumValues, 'is not a known status')).max(5))
    .optional(),
});

/** A mileage log covers one employee (the viewer unless named) and a period of at most ten years. */
const logPeriodSchema = z
  .object({ employeeId: entityId.optional(), from: calendarDate, to: calendarDate })
  .superRefine((period, issues) => {
    if (period.to < period.from) issues.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (Number(period.to.slice(0, 4)) - Number(period.from.slice(0, 4)) > 10) issues.addIssue({ code: 'custom', path: ['to'], message: 'must be at most ten years after from' });
  });

export type ListFilter = z.output<typeof listFilterSchema>;
export type LogRequest = z.output<typeof logPeriodSchema>;

const knownParameters = new Set(['employeeId', 'costCenterId', 'from', 'to', 'status', 'sig']);

function parameters(params: URLSearchParams): Record<string, string> {
  const unknown = [...params.keys()].filter((name) => !knownParameters.has(name));
  if (unknown.length > 0) throw ValidationError.of(unknown[0]!, 'is not a parameter of this download');
  return Object.fromEntries([...params].filter(([name, value]) => name !== 'sig' && value !== ''));
}

/** Checks a download's parameters before any SQL; throws ValidationError with a message per parameter. */
export function parseListFilter(params: URLSearchParams): ListFilter {
  return validate(listFilterSchema, parameters(params));
}

export function parseLogRequest(params: URLSearchParams): LogRequest {
  return validate(logPeriodSchema, parameters(params));
}

/** A filter as the query parameters of a download link. */
export function filterParameters(filter: { employeeId?: string | null; costCenterId?: string | null; from?: string | null; to?: string | null; status?: readonly string[] | null }): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['employeeId', 'costCenterId', 'from', 'to'] as const) {
    const value = filter[name];
    if (value) params.set(name, value);
  }
  if (filter.status?.length) params.set('status', filter.status.join(','));
  return params;
}
