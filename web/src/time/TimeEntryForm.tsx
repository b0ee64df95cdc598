import { Group, NumberInput, Select, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import { useViewer } from '../app/viewer-context';
import { DateField } from '../forms/DateField';
import { EntityFormModal } from '../forms/EntityFormModal';
import { useCostCenterPrefill } from '../forms/use-cost-center-prefill';
import { datePrompt, entryValidation, numberPrompt } from '../forms/entry-validation';
import { sideBySide } from '../forms/side-by-side';
import { useEntitySave } from '../forms/use-entity-save';
import { WriteErrorFields } from '../forms/write-error-fields';
import { useNames } from '../forms/use-names';
import { writeOutcome } from '../forms/write-outcome';
import { graphql } from '../graphql/graphql';
import { CostCenterSelect } from '../lists/CostCenterSelect';
import { EmployeeSelect } from '../lists/EmployeeSelect';
import { humanize } from '../lists/format';
import { TimeEntryFields } from './time-entry-fields';
import { describeTime, isTimeEntry, newTimeValues, timeCategories, timeValues, type TimeEntry, type TimeValues } from './time-values';

const TimeEntryForm_Create = graphql(
  `
    mutation TimeEntryForm_Create($input: CreateTimeEntryInput!, $idempotencyKey: String, $confirmWarnings: [WarningCode!]) {
      createTimeEntry(input: $input, idempotencyKey: $idempotencyKey, confirmWarnings: $confirmWarnings) {
        __typename
        ... on TimeEntry {
          ...TimeEntryFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [TimeEntryFields, WriteErrorFields],
);

const TimeEntryForm_Update = graphql(
  `
    mutation TimeEntryForm_Update($id: ID!, $version: Int!, $input: UpdateTimeEntryInput!, $idempotencyKey: String, $confirmWarnings: [WarningCode!]) {
      updateTimeEntry(id: $id, version: $version, input: $input, idempotencyKey: $idempotencyKey, confirmWarnings: $confirmWarnings) {
        __typename
        ... on TimeEntry {
          ...TimeEntryFields
        }
        ...WriteErrorFields
        ... on VersionConflictError {
          current {
            __typename
            ... on TimeEntry {
              ...TimeEntryFields
            }
          }
        }
      }
    }
  `,
  [TimeEntryFields, WriteErrorFields],
);

/** The form's values as the create and update mutations take them. */
function inputOf(values: TimeValues) {
  return {
    employeeId: values.employeeId,
    costCenterId: values.costCenterId ?? '',
    date: values.date ?? '',
    hours: Number(values.hours),
    timeCategory: values.timeCategory,
    notes: values.notes,
  };
}

/** Creates a day's hours (entry null) or edits them. */
export function TimeEntryForm({ entry, onClose }: { entry: TimeEntry | null; onClose(): void }) {
  const viewer = useViewer();
  const names = useNames();
  const [, create] = useMutation(TimeEntryForm_Create);
  const [, update] = useMutation(TimeEntryForm_Update);
  const form = useForm<TimeValues>({
    initialValues: entry ? timeValues(entry) : newTimeValues(viewer.id),
    validate: {
      ...entryValidation,
      date: (value) => datePrompt(value, { notAfterToday: true }),
      hours: (value) => numberPrompt(value, { what: 'the hours', min: 0, max: 24, moreThanMin: true, maxText: '24 in one day' }),
    },
  });

  const costCenters = useCostCenterPrefill(form.values.employeeId, form.values.costCenterId, !entry, (id) => form.setFieldValue('costCenterId', id));

  const save = useEntitySave('TimeEntry', entry, inputOf, {
    create: async (input, idempotencyKey, confirmWarnings) => {
      const result = await create({ input, idempotencyKey, confirmWarnings });
      return writeOutcome(result.data?.createTimeEntry, result.error, isTimeEntry);
    },
    update: async (id, version, input, idempotencyKey, confirmWarnings) => {
      const result = await update({ id, version, input, idempotencyKey, confirmWarnings });
      return writeOutcome(result.data?.updateTimeEntry, result.error, isTimeEntry);
    },
  });

  return (
    <EntityFormModal
      title={entry ? 'Edit hours' : 'New hours'}
      onClose={onClose}
      form={form}
      version={entry?.version ?? null}
      entityId={entry?.id ?? null}
      save={save}
      valuesOf={timeValues}
      compare={(mine, theirs) => sideBySide((values) => describeTime(values, names), mine, timeValues(theirs))}
    >
      <Group grow align="flex-start">
        <EmployeeSelect label="Employee" {...form.getInputProps('employeeId')} />
        <CostCenterSelect label="Cost center" withAsterisk allowDeselect={false} only={costCenters} {...form.getInputProps('costCenterId')} />
      </Group>
      <Group grow align="flex-start">
        <DateField label="Date" withAsterisk {...form.getInputProps('date')} />
        <NumberInput label="Hours" withAsterisk step={0.25} decimalScale={2} {...form.getInputProps('hours')} />
        <Select
          label="Category"
          data={timeCategories.map((category) => ({ value: category, label: humanize(category) }))}
          {...form.getInputProps('timeCategory')}
        />
      </Group>
      <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
    </EntityFormModal>
  );
}
