import { Badge, Button, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useMutation } from 'urql';
import { useViewer } from '../app/viewer-context';
import { DeleteDialog } from '../forms/DeleteDialog';
import { sideBySide } from '../forms/side-by-side';
import { useNames } from '../forms/use-names';
import { writeOutcome } from '../forms/write-outcome';
import { graphql } from '../graphql/graphql';
import { CostCenterSelect } from '../lists/CostCenterSelect';
import { compactFilter } from '../lists/compact-filter';
import { humanize } from '../lists/format';
import { PagedTable, type Column } from '../lists/PagedTable';
import { RowActions } from '../lists/RowActions';
import { EmployeeFields } from './employee-fields';
import { employeeList, type EmployeeFilter } from './employee-list';
import { describeEmployee, employeeValues, isEmployee, type Employee } from './employee-values';
import { EmployeeForm } from './EmployeeForm';

const EmployeesPage_Delete = graphql(
  `
    mutation EmployeesPage_Delete($id: ID!, $version: Int!) {
      deleteEmployee(id: $id, version: $version) {
        __typename
        ... on DeletedEntity {
          id
        }
        ... on Error {
          message
        }
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
  [EmployeeFields],
);

const EmployeesPage_Deactivate = graphql(
  `
    mutation EmployeesPage_Deactivate($id: ID!, $version: Int!) {
      updateEmployee(id: $id, version: $version, input: { active: false }) {
        __typename
        ... on Employee {
          ...EmployeeFields
        }
        ... on Error {
          message
        }
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
  [EmployeeFields],
);

const activeOptions = [
  { value: 'true', label: 'Active' },
  { value: 'false', label: 'Inactive' },
];

export function EmployeesPage() {
  const viewer = useViewer();
  const names = useNames();
  const canManage = viewer.role === 'ADMIN';
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const [costCenterId, setCostCenterId] = useState<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [editing, setEditing] = useState<Employee | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Employee | null>(null);
  const [, deleteEmployee] = useMutation(EmployeesPage_Delete);
  const [, deactivateEmployee] = useMutation(EmployeesPage_Deactivate);

  const columns: Column<Employee>[] = [
    { header: 'Name', render: (employee) => employee.name },
    { header: 'Email', render: (employee) => employee.email },
    { header: 'Role', render: (employee) => humanize(employee.role) },
    { header: 'Cost centers', render: (employee) => employee.costCenters.map((center) => center.code).join(', ') },
    {
      header: 'Status',
      render: (employee) => (
        <Badge variant="light" color={employee.active ? 'teal' : 'gray'}>
          {employee.active ? 'Active' : 'Inactive'}
        </Badge>
      ),
    },
    ...(canManage
      ? [
          {
            header: 'Actions',
            align: 'right' as const,
            render: (employee: Employee) => (
              <RowActions
                what={`employee ${employee.name}`}
                cannotDelete={employee.id === viewer.id ? 'You cannot delete your own account; another admin can' : undefined}
                onEdit={() => setEditing(employee)}
                onDelete={() => setDeleting(employee)}
              />
            ),
          },
        ]
      : []),
  ];
  const filter = compactFilter<EmployeeFilter>({ search: debouncedSearch.trim(), costCenterId, active: active === null ? null : active === 'true' });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Employees</Title>
        {canManage && <Button onClick={() => setEditing('new')}>New employee</Button>}
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput label="Search" placeholder="Name or email" w={220} value={search} onChange={(event) => setSearch(event.currentTarget.value)} />
        <CostCenterSelect label="Cost center" placeholder="All cost centers" clearable w={220} value={costCenterId} onChange={setCostCenterId} />
        <Select label="Status" placeholder="Anyone" clearable w={160} data={activeOptions} value={active} onChange={setActive} />
      </Group>
      <PagedTable key={JSON.stringify(filter)} kind={employeeList} filter={filter} columns={columns} noun="employees" />
      {editing && <EmployeeForm employee={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <DeleteDialog
          title="Delete employee"
          summary={deleting.name}
          version={deleting.version}
          remove={async (version) => {
            const result = await deleteEmployee({ id: deleting.id, version });
            return writeOutcome(result.data?.deleteEmployee, result.error, isEmployee);
          }}
          compare={(theirs) => sideBySide((values) => describeEmployee(values, names), employeeValues(deleting), employeeValues(theirs))}
          alternative={
            deleting.active
              ? {
                  label: 'Deactivate',
                  explanation: 'Someone with trips, receipts or hours cannot be deleted. Deactivating signs them out and stops them signing in; their history stays.',
                  done: `${deleting.name} was deactivated`,
                  run: async () => {
                    const result = await deactivateEmployee({ id: deleting.id, version: deleting.version });
                    return writeOutcome(result.data?.updateEmployee, result.error, isEmployee);
                  },
                }
              : undefined
          }
          onClose={() => setDeleting(null)}
        />
      )}
    </Stack>
  );
}
