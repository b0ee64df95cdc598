import { Group, MultiSelect } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { CostCenterSelect } from './CostCenterSelect';
import { EmployeeSelect } from './EmployeeSelect';
import { SearchInput } from './SearchInput';
import type { ReviewStatus } from '../review/review-steps';
import type { EntryFilter } from './entry-filter';
import { humanize } from './format';

const statuses: ReviewStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'REIMBURSED'];

interface EntryFiltersProps {
  value: EntryFilter;
  onChange(filter: EntryFilter): void;
  /** Whether REIMBURSED is a status to offer (not for hours). */
  reimbursable?: boolean;
  /** What the search looks through, as its placeholder: "Vendor, description or name". */
  searchHint?: string;
}

/** Text search, employee, cost center, date range and review status: the filters every entry list shares. */
export function EntryFilters({ value, onChange, reimbursable = true, searchHint = 'Any text or name' }: EntryFiltersProps) {
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <SearchInput placeholder={searchHint} value={value.search ?? null} onChange={(search) => onChange({ ...value, search })} />
      <EmployeeSelect
        label="Employee"
        placeholder="All employees"
        clearable
        w={220}
        value={value.employeeId ?? null}
        onChange={(employeeId) => onChange({ ...value, employeeId })}
      />
      <CostCenterSelect
        label="Cost center"
        placeholder="All cost centers"
        clearable
        w={220}
        value={value.costCenterId ?? null}
        onChange={(costCenterId) => onChange({ ...value, costCenterId })}
      />
      <DatePickerInput
        type="range"
        label="Dates"
        placeholder="Any day"
        clearable
        allowSingleDateInRange
        valueFormat="MMM D, YYYY"
        w={260}
        value={[value.from ?? null, value.to ?? null]}
        onChange={([from, to]) => onChange({ ...value, from: from ?? null, to: to ?? null })}
      />
      <MultiSelect
        label="Status"
        placeholder={value.status?.length ? undefined : 'Any status'}
        clearable
        w={260}
        data={statuses.filter((status) => reimbursable || status !== 'REIMBURSED').map((status) => ({ value: status, label: humanize(status) }))}
        value={value.status ?? []}
        onChange={(status) => onChange({ ...value, status: status.length ? (status as ReviewStatus[]) : null })}
      />
    </Group>
  );
}
