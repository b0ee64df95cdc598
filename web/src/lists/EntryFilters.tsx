import { Group } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { CostCenterSelect } from './CostCenterSelect';
import { EmployeeSelect } from './EmployeeSelect';
import type { EntryFilter } from './entry-filter';

/** Employee, cost center and date range: the filters every entry list shares. */
export function EntryFilters({ value, onChange }: { value: EntryFilter; onChange(filter: EntryFilter): void }) {
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
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
    </Group>
  );
}
