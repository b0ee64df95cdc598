import { z } from 'zod';
import { timeCategoryEnum, timeEntries, type TimeEntryRow } from '../db/schema';
import { entryKind } from './entry-kind';
import { entityId, entryDate, text } from './validation';

export const timeEntrySchema = z.object({
  employeeId: entityId,
  costCenterId: entityId,
  date: entryDate,
  hours: z
    .number('must be a number')
    .gt(0, 'must be more than 0')
    .max(24, 'must be at most 24 in one day')
    .transform((hours) => Math.round(hours * 100) / 100),
  timeCategory: z.enum(timeCategoryEnum.enumValues, 'is not a known category').default('REGULAR'),
  notes: text(2_000, 0).default(''),
});

export const timeEntryKind = entryKind<TimeEntryRow, typeof timeEntrySchema>({
  typename: 'TimeEntry',
  dataType: 'TIME_TRACKING',
  table: timeEntries,
  schema: timeEntrySchema,
});
