import { Group, NumberInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import { useViewer } from '../app/viewer-context';
import { DateField } from '../forms/DateField';
import { EntityFormModal } from '../forms/EntityFormModal';
import { useCostCenterPrefill } from '../forms/use-cost-center-prefill';
import { entryValidation, numberPrompt } from '../forms/entry-validation';
import { sideBySide } from '../forms/side-by-side';
import { useEntitySave } from '../forms/use-entity-save';
import { WriteErrorFields } from '../forms/write-error-fields';
import { useNames } from '../forms/use-names';
import { writeOutcome } from '../forms/write-outcome';
import { graphql } from '../graphql/graphql';
import { CostCenterSelect } from '../lists/CostCenterSelect';
import { EmployeeSelect } from '../lists/EmployeeSelect';
import { MileageEntryFields } from './mileage-entry-fields';
import {
  describeMileage,
  isMileageEntry,
  mileageValues,
  newMileageValues,
  optionalInteger,
  type MileageEntry,
  type MileageValues,
} from './mileage-values';

const MileageForm_Create = graphql(
  `
    mutation MileageForm_Create($input: CreateMileageEntryInput!, $idempotencyKey: String, $confirmWarnings: [WarningCode!]) {
      createMileageEntry(input: $input, idempotencyKey: $idempotencyKey, confirmWarnings: $confirmWarnings) {
        __typename
        ... on MileageEntry {
          ...MileageEntryFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [MileageEntryFields, WriteErrorFields],
);

const MileageForm_Update = graphql(
  `
    mutation MileageForm_Update($id: ID!, $version: Int!, $input: UpdateMileageEntryInput!, $idempotencyKey: String, $confirmWarnings: [WarningCode!]) {
      updateMileageEntry(id: $id, version: $version, input: $input, idempotencyKey: $idempotencyKey, confirmWarnings: $confirmWarnings) {
        __typename
        ... on MileageEntry {
          ...MileageEntryFields
        }
        ...WriteErrorFields
        ... on VersionConflictError {
          current {
            __typename
            ... on MileageEntry {
              ...MileageEntryFields
            }
          }
        }
      }
    }
  `,
  [MileageEntryFields, WriteErrorFields],
);

/** The form's values as the create and update mutations take them. */
function inputOf(values: MileageValues) {
  return {
    employeeId: values.employeeId,
    costCenterId: values.costCenterId ?? '',
    date: values.date ?? '',
    startLocation: values.startLocation,
    endLocation: values.endLocation,
    miles: Number(values.miles),
    odometerStart: optionalInteger(values.odometerStart),
    odometerEnd: optionalInteger(values.odometerEnd),
    purpose: values.purpose,
  };
}

/** Creates a trip (entry null) or edits one. */
export function MileageForm({ entry, onClose }: { entry: MileageEntry | null; onClose(): void }) {
  const viewer = useViewer();
  const names = useNames();
  const [, create] = useMutation(MileageForm_Create);
  const [, update] = useMutation(MileageForm_Update);
  const form = useForm<MileageValues>({
    initialValues: entry ? mileageValues(entry) : newMileageValues(viewer.id),
    validate: {
      ...entryValidation,
      miles: (value) => numberPrompt(value, { what: 'the distance', min: 0, max: 2_000, maxText: '2,000 for one trip' }),
      odometerStart: (value) => (value === '' ? null : numberPrompt(value, { what: 'a reading', min: 0, max: 9_999_999, wholeNumber: true })),
      odometerEnd: (value, values) =>
        value === ''
          ? null
          : (numberPrompt(value, { what: 'a reading', min: 0, max: 9_999_999, wholeNumber: true }) ??
            (values.odometerStart !== '' && Number(value) < Number(values.odometerStart) ? 'Must not be below the start reading' : null)),
    },
  });

  const costCenters = useCostCenterPrefill(form.values.employeeId, form.values.costCenterId, !entry, (id) => form.setFieldValue('costCenterId', id));

  const save = useEntitySave('MileageEntry', entry, inputOf, {
    create: async (input, idempotencyKey, confirmWarnings) => {
      const result = await create({ input, idempotencyKey, confirmWarnings });
      return writeOutcome(result.data?.createMileageEntry, result.error, isMileageEntry);
    },
    update: async (id, version, input, idempotencyKey, confirmWarnings) => {
      const result = await update({ id, version, input, idempotencyKey, confirmWarnings });
      return writeOutcome(result.data?.updateMileageEntry, result.error, isMileageEntry);
    },
  });

  return (
    <EntityFormModal
      title={entry ? 'Edit trip' : 'New trip'}
      onClose={onClose}
      form={form}
      version={entry?.version ?? null}
      entityId={entry?.id ?? null}
      save={save}
      valuesOf={mileageValues}
      compare={(mine, theirs) => sideBySide((values) => describeMileage(values, names), mine, mileageValues(theirs))}
    >
      <Group grow align="flex-start">
        <EmployeeSelect label="Employee" {...form.getInputProps('employeeId')} />
        <CostCenterSelect label="Cost center" withAsterisk allowDeselect={false} only={costCenters} {...form.getInputProps('costCenterId')} />
      </Group>
      <Group grow align="flex-start">
        <DateField label="Date" withAsterisk {...form.getInputProps('date')} />
        <NumberInput label="Miles" withAsterisk decimalScale={1} {...form.getInputProps('miles')} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label="From" withAsterisk {...form.getInputProps('startLocation')} />
        <TextInput label="To" withAsterisk {...form.getInputProps('endLocation')} />
      </Group>
      <Group grow align="flex-start">
        <NumberInput label="Odometer start" {...form.getInputProps('odometerStart')} />
        <NumberInput label="Odometer end" {...form.getInputProps('odometerEnd')} />
      </Group>
      <TextInput label="Purpose" withAsterisk {...form.getInputProps('purpose')} />
    </EntityFormModal>
  );
}
