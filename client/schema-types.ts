// Generated from the schema by `npm run schema:print`; tests/api/schema-drift.test.ts fails when it is stale.

export type ChangeAction = 'CREATE' | 'DELETE' | 'UPDATE';

export type ClockBoardState = 'CLOCKED_OUT' | 'ON_BREAK' | 'ON_THE_CLOCK';

export type ClockState = 'NOT_CLOCKED_IN' | 'ON_BREAK' | 'ON_THE_CLOCK';

export type CoarseLocationInput = {
  latitude: number;
  longitude: number;
};

export type CorrectShiftInput = {
  breaks?: Array<ShiftBreakInput> | null;
  costCenterId?: string | null;
  endedAt?: string | null;
  note?: string | null;
  startedAt?: string | null;
};

export type CreateEmployeeInput = {
  active?: boolean | null;
  costCenterIds?: Array<string> | null;
  email: string;
  name: string;
  password?: string | null;
  role?: Role | null;
};

export type CreateMileageEntryInput = {
  costCenterId: string;
  date: string;
  employeeId?: string | null;
  endLocation: string;
  miles: number;
  odometerEnd?: number | null;
  odometerStart?: number | null;
  purpose: string;
  startLocation: string;
};

export type CreateMileageRateInput = {
  centsPerMile: number;
  effectiveFrom: string;
  effectiveTo?: string | null;
  note?: string | null;
};

export type CreateReceiptInput = {
  amountCents: number;
  category: ReceiptCategory;
  costCenterId: string;
  currency?: string | null;
  date: string;
  description?: string | null;
  employeeId?: string | null;
  vendor: string;
};

export type CreateTimeEntryInput = {
  costCenterId: string;
  date: string;
  employeeId?: string | null;
  hours: number;
  notes?: string | null;
  timeCategory?: TimeCategory | null;
};

export type DataType = 'EMPLOYEE' | 'MILEAGE' | 'RECEIPT' | 'TIME_CLOCK' | 'TIME_TRACKING';

export type EmployeeFilter = {
  active?: boolean | null;
  costCenterId?: string | null;
  search?: string | null;
};

export type EntryFilter = {
  costCenterId?: string | null;
  employeeId?: string | null;
  from?: string | null;
  search?: string | null;
  status?: Array<EntryStatus> | null;
  to?: string | null;
};

export type EntryStatus = 'APPROVED' | 'DRAFT' | 'REIMBURSED' | 'REJECTED' | 'SUBMITTED';

export type ExportFilter = {
  costCenterId?: string | null;
  employeeId?: string | null;
  from?: string | null;
  status?: Array<EntryStatus> | null;
  to?: string | null;
};

export type ExportKind = 'MILEAGE_CSV' | 'MILEAGE_LOG_CSV' | 'MILEAGE_LOG_PDF' | 'RECEIPTS_CSV' | 'TIME_CSV';

export type HistoryAction = 'APPROVE' | 'CREATE' | 'DELETE' | 'REIMBURSE' | 'REJECT' | 'REOPEN' | 'SUBMIT' | 'UPDATE';

export type MileageEntryOrder = {
  direction: SortDirection;
  field: MileageEntrySortField;
};

export type MileageEntrySortField = 'DATE' | 'EMPLOYEE' | 'MILES' | 'PURPOSE' | 'STATUS';

export type PhotoChange = 'ATTACHED' | 'REMOVED' | 'REPLACED';

export type PhotoRejectionReason = 'DAMAGED' | 'EMPTY' | 'HEIC_NOT_SUPPORTED' | 'PDF_ACTIVE_CONTENT' | 'PDF_ENCRYPTED' | 'TOO_LARGE' | 'TOO_MANY_PIXELS' | 'UNSUPPORTED_TYPE';

export type ProtectedAccountReason = 'LAST_ADMIN' | 'OWN_ACCOUNT';

export type PunchInput = {
  at: string;
  costCenterId?: string | null;
  location?: CoarseLocationInput | null;
  note?: string | null;
  timeZone: string;
};

export type PunchKind = 'BREAK_END' | 'BREAK_START' | 'CLOCK_IN' | 'CLOCK_OUT';

export type PunchTimeProblem = 'BEFORE_PREVIOUS_PUNCH' | 'IN_THE_FUTURE' | 'TOO_OLD';

export type ReceiptCategory = 'FUEL' | 'LODGING' | 'MEALS' | 'OTHER' | 'SUPPLIES' | 'TRAVEL';

export type ReceiptOrder = {
  direction: SortDirection;
  field: ReceiptSortField;
};

export type ReceiptSortField = 'AMOUNT' | 'CATEGORY' | 'DATE' | 'EMPLOYEE' | 'STATUS' | 'VENDOR';

export type ResyncReason = 'AHEAD_OF_LOG' | 'OTHER_DATABASE' | 'PRUNED' | 'RESTORED';

export type Role = 'ADMIN' | 'EMPLOYEE' | 'SUPERVISOR';

export type ScopeChange = 'ENTERED' | 'LEFT';

export type ShiftBreakInput = {
  endedAt?: string | null;
  startedAt: string;
};

export type ShiftFilter = {
  employeeId?: string | null;
  forgotten?: boolean | null;
  from?: string | null;
  open?: boolean | null;
  to?: string | null;
};

export type SortDirection = 'ASC' | 'DESC';

export type TimeCategory = 'LEAVE' | 'OVERTIME' | 'REGULAR' | 'TRAINING' | 'TRAVEL';

export type TimeEntryOrder = {
  direction: SortDirection;
  field: TimeEntrySortField;
};

export type TimeEntrySortField = 'CATEGORY' | 'DATE' | 'EMPLOYEE' | 'HOURS' | 'STATUS';

export type TimesheetFilter = {
  employeeId?: string | null;
  from?: string | null;
  status?: Array<EntryStatus> | null;
  to?: string | null;
};

export type UpdateEmployeeInput = {
  active?: boolean | null;
  costCenterIds?: Array<string> | null;
  email?: string | null;
  name?: string | null;
  password?: string | null;
  role?: Role | null;
};

export type UpdateMileageEntryInput = {
  costCenterId?: string | null;
  date?: string | null;
  employeeId?: string | null;
  endLocation?: string | null;
  miles?: number | null;
  odometerEnd?: number | null;
  odometerStart?: number | null;
  purpose?: string | null;
  startLocation?: string | null;
};

export type UpdateMileageRateInput = {
  centsPerMile?: number | null;
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
  note?: string | null;
};

export type UpdateReceiptInput = {
  amountCents?: number | null;
  category?: ReceiptCategory | null;
  costCenterId?: string | null;
  currency?: string | null;
  date?: string | null;
  description?: string | null;
  employeeId?: string | null;
  vendor?: string | null;
};

export type UpdateTimeEntryInput = {
  costCenterId?: string | null;
  date?: string | null;
  employeeId?: string | null;
  hours?: number | null;
  notes?: string | null;
  timeCategory?: TimeCategory | null;
};

export type WarningCode = 'FUTURE_DATE' | 'MILES_DIFFER_FROM_ODOMETER';
