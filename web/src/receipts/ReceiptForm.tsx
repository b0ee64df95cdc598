import { Group, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
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
import { humanize } from '../lists/format';
import { ReceiptFields } from './receipt-fields';
import { ReceiptPhotoField } from './ReceiptPhotoField';
import { outgoingPhoto, photoTooLarge, photoTooLargeMessage } from './use-receipt-photo';
import {
  amountCents,
  describeReceipt,
  isReceipt,
  newReceiptValues,
  receiptCategories,
  receiptValues,
  type Receipt,
  type ReceiptValues,
} from './receipt-values';

const ReceiptForm_Create = graphql(
  `
    mutation ReceiptForm_Create($input: CreateReceiptInput!, $photo: File, $idempotencyKey: String, $confirmWarnings: [WarningCode!]) {
      createReceipt(input: $input, photo: $photo, idempotencyKey: $idempotencyKey, confirmWarnings: $confirmWarnings) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [ReceiptFields, WriteErrorFields],
);

const ReceiptForm_Update = graphql(
  `
    mutation ReceiptForm_Update($id: ID!, $version: Int!, $input: UpdateReceiptInput!, $idempotencyKey: String, $confirmWarnings: [WarningCode!]) {
      updateReceipt(id: $id, version: $version, input: $input, idempotencyKey: $idempotencyKey, confirmWarnings: $confirmWarnings) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
        ...WriteErrorFields
        ... on VersionConflictError {
          current {
            __typename
            ... on Receipt {
              ...ReceiptFields
            }
          }
        }
      }
    }
  `,
  [ReceiptFields, WriteErrorFields],
);

/** The form's values as the create and update mutations take them. */
function inputOf(values: ReceiptValues) {
  return {
    employeeId: values.employeeId,
    costCenterId: values.costCenterId ?? '',
    date: values.date ?? '',
    vendor: values.vendor,
    amountCents: amountCents(values.amount),
    currency: values.currency,
    category: values.category ?? 'OTHER',
    description: values.description,
  };
}

/** Creates a receipt (receipt null) or edits one. */
export function ReceiptForm({ receipt, onClose }: { receipt: Receipt | null; onClose(): void }) {
  const viewer = useViewer();
  const names = useNames();
  const [, create] = useMutation(ReceiptForm_Create);
  const [, update] = useMutation(ReceiptForm_Update);
  const [pendingPhoto, setPendingPhoto] = useState<File | null>(null);
  const form = useForm<ReceiptValues>({
    initialValues: receipt ? receiptValues(receipt) : newReceiptValues(viewer.id),
    validate: {
      ...entryValidation,
      amount: (value) => numberPrompt(value, { what: 'an amount', min: 0, max: 10_000_000, maxText: '10,000,000.00' }),
      category: (value) => (value ? null : 'Pick a category'),
    },
  });

  const costCenters = useCostCenterPrefill(form.values.employeeId, form.values.costCenterId, !receipt, (id) => form.setFieldValue('costCenterId', id));

  // A new receipt's photo goes with its create, in one request (or in the outbox with it).
  const photo = receipt || !pendingPhoto ? null : outgoingPhoto(pendingPhoto);
  const save = useEntitySave('Receipt', receipt, inputOf, {
    create: async (input, idempotencyKey, confirmWarnings) => {
      const result = await create({ input, photo: pendingPhoto, idempotencyKey, confirmWarnings });
      const created = result.data?.createReceipt;
      if (created?.__typename === 'PhotoRejectedError') return { kind: 'failed', message: `The photo was not accepted, so nothing was saved: ${created.message}` };
      if (!created && pendingPhoto && photoTooLarge(result.error)) return { kind: 'failed', message: photoTooLargeMessage };
      return writeOutcome(created, result.error, isReceipt);
    },
    update: async (id, version, input, idempotencyKey, confirmWarnings) => {
      const result = await update({ id, version, input, idempotencyKey, confirmWarnings });
      return writeOutcome(result.data?.updateReceipt, result.error, isReceipt);
    },
  }, photo);

  return (
    <EntityFormModal
      title={receipt ? 'Edit receipt' : 'New receipt'}
      onClose={onClose}
      form={form}
      version={receipt?.version ?? null}
      entityId={receipt?.id ?? null}
      save={save}
      valuesOf={receiptValues}
      formFieldOf={(field) => (field === 'amountCents' ? 'amount' : field)}
      compare={(mine, theirs) => sideBySide((values) => describeReceipt(values, names), mine, receiptValues(theirs))}
    >
      <Group grow align="flex-start">
        <EmployeeSelect label="Employee" {...form.getInputProps('employeeId')} />
        <CostCenterSelect label="Cost center" withAsterisk allowDeselect={false} only={costCenters} {...form.getInputProps('costCenterId')} />
      </Group>
      <Group grow align="flex-start">
        <DateField label="Date" withAsterisk {...form.getInputProps('date')} />
        <Select
          label="Category"
          withAsterisk
          data={receiptCategories.map((category) => ({ value: category, label: humanize(category) }))}
          {...form.getInputProps('category')}
        />
      </Group>
      <TextInput label="Vendor" withAsterisk {...form.getInputProps('vendor')} />
      <Group grow align="flex-start">
        <NumberInput label="Amount" withAsterisk decimalScale={2} fixedDecimalScale thousandSeparator="," prefix="$" {...form.getInputProps('amount')} />
        <TextInput label="Currency" maxLength={3} {...form.getInputProps('currency')} />
      </Group>
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
      <ReceiptPhotoField receipt={receipt} pending={pendingPhoto} onPending={setPendingPhoto} />
    </EntityFormModal>
  );
}
