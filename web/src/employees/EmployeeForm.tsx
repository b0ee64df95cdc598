import { Group, PasswordInput, Select, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from 'urql';
import { useViewer } from '../app/viewer-context';
import { EntityFormModal } from '../forms/EntityFormModal';
import { sideBySide } from '../forms/side-by-side';
import { useEntitySave } from '../forms/use-entity-save';
import { WriteErrorFields } from '../forms/write-error-fields';
import { useNames } from '../forms/use-names';
import { writeOutcome } from '../forms/write-outcome';
import { graphql } from '../graphql/graphql';
import { CostCenterMultiSelect } from '../lists/CostCenterSelect';
import { humanize } from '../lists/format';
import { EmployeeFields } from './employee-fields';
import { describeEmployee, employeeValues, isEmployee, newEmployeeValues, roles, type Employee, type EmployeeValues } from './employee-values';

const EmployeeForm_Create = graphql(
  `
    mutation EmployeeForm_Create($input: CreateEmployeeInput!, $idempotencyKey: String) {
      createEmployee(input: $input, idempotencyKey: $idempotencyKey) {
        __typename
        ... on Employee {
          ...EmployeeFields
        }
        ...WriteErrorFields
      }
    }
  `,
  [EmployeeFields, WriteErrorFields],
);

const EmployeeForm_Update = graphql(
  `
    mutation EmployeeForm_Update($id: ID!, $version: Int!, $input: UpdateEmployeeInput!, $idempotencyKey: String) {
      updateEmployee(id: $id, version: $version, input: $input, idempotencyKey: $idempotencyKey) {
        __typename
        ... on Employee {
          ...EmployeeFields
        }
        ...WriteErrorFields
        ... on VersionConflictError {
          current {
            __typename
            ... on Employee {
              ...EmployeeFields
            }
          }
        }
      }
    }
  `,
  [EmployeeFields, WriteErrorFields],
);

/** The form's values as the create and update mutations take them. */
function inputOf(values: EmployeeValues) {
  return {
    name: values.name,
    email: values.email,
    role: values.role,
    active: values.active,
    costCenterIds: values.costCenterIds,
    password: values.password === '' ? null : values.password,
  };
}

/** Creates an employee (employee null) or edits one; admins only, as the server enforces. */
export function EmployeeForm({ employee, onClose }: { employee: Employee | null; onClose(): void }) {
  const names = useNames();
  const ownAccount = employee?.id === useViewer().id;
  const [, create] = useMutation(EmployeeForm_Create);
  const [, update] = useMutation(EmployeeForm_Update);
  const form = useForm<EmployeeValues>({ initialValues: employee ? employeeValues(employee) : newEmployeeValues });

  const save = useEntitySave('Employee', employee, inputOf, {
    create: async (input, idempotencyKey) => {
      const result = await create({ input, idempotencyKey });
      return writeOutcome(result.data?.createEmployee, result.error, isEmployee);
    },
    update: async (id, version, input, idempotencyKey) => {
      const result = await update({ id, version, input, idempotencyKey });
      return writeOutcome(result.data?.updateEmployee, result.error, isEmployee);
    },
  });

  return (
    <EntityFormModal
      title={employee ? 'Edit employee' : 'New employee'}
      onClose={onClose}
      form={form}
      version={employee?.version ?? null}
      entityId={employee?.id ?? null}
      save={save}
      valuesOf={employeeValues}
      compare={(mine, theirs) => sideBySide((values) => describeEmployee(values, names), mine, employeeValues(theirs))}
    >
      <Group grow align="flex-start">
        <TextInput label="Name" withAsterisk {...form.getInputProps('name')} />
        <TextInput label="Email" type="email" withAsterisk {...form.getInputProps('email')} />
      </Group>
      <Group grow align="flex-start">
        <Select
          label="Role"
          disabled={ownAccount}
          description={ownAccount ? 'Another admin can change your role' : undefined}
          data={roles.map((role) => ({ value: role, label: humanize(role) }))} {...form.getInputProps('role')} />
        <CostCenterMultiSelect label="Cost centers" {...form.getInputProps('costCenterIds')} />
      </Group>
      <PasswordInput
        label="Password"
        description={employee ? 'Leave empty to keep the current password' : 'At least 10 characters; without one, this person cannot sign in'}
        autoComplete="new-password"
        {...form.getInputProps('password')}
      />
      <Switch
        label="Active (can sign in)"
        disabled={ownAccount}
        description={ownAccount ? 'You cannot deactivate your own account' : undefined}
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
    </EntityFormModal>
  );
}
