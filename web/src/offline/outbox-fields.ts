import type { Write } from '../../../client/writes';

/**
 * What the portal's outbox asks for of each entity it writes: every field a form edits, so a conflict
 * after replay can show the server's version beside the user's. The build lists the outbox's documents
 * with these same fields (web/build/trusted-documents.ts).
 */
export const outboxFields: Partial<Record<Write['typename'], string>> = {
  Receipt: 'id version employeeId costCenterId date vendor amountCents currency category description',
  MileageEntry: 'id version employeeId costCenterId date startLocation endLocation purpose miles odometerStart odometerEnd',
  TimeEntry: 'id version employeeId costCenterId date hours timeCategory notes',
};
