/** Complete API objects (with __typename, as the server sends them) for the cache tests. */

export const field = { __typename: 'CostCenter', id: 'cc_field', code: 'FIELD', name: 'Field service' } as const;
export const sales = { __typename: 'CostCenter', id: 'cc_sales', code: 'SALES', name: 'Sales' } as const;
const jordan = { __typename: 'Employee', id: 'emp_jordan', name: 'Jordan Lee' } as const;

export function receipt(id: string, date: string, overrides: Record<string, unknown> = {}) {
  const costCenter = overrides.costCenter === sales ? sales : field;
  return {
    __typename: 'Receipt',
    id,
    version: 1,
    date,
    amountCents: 4210,
    currency: 'USD',
    vendor: 'Staples',
    category: 'SUPPLIES',
    description: '',
    employeeId: jordan.id,
    costCenterId: costCenter.id,
    createdAt: `${date}T09:00:00.000Z`,
    updatedAt: `${date}T09:00:00.000Z`,
    status: 'SUBMITTED',
    locked: false,
    rejectionReason: null,
    submittedAt: `${date}T09:00:00.000Z`,
    reviewedAt: null,
    reimbursedAt: null,
    statusChangedAt: `${date}T09:00:00.000Z`,
    statusChangedBy: { __typename: 'Person', id: jordan.id, name: jordan.name },
    reviewedBy: null,
    employee: jordan,
    photo: null,
    ...overrides,
    costCenter,
  };
}

export function receiptsPage(nodes: ReturnType<typeof receipt>[], options: { hasNextPage: boolean; totalCount: number }) {
  return {
    receipts: {
      __typename: 'ReceiptConnection',
      totalCount: options.totalCount,
      pageInfo: { __typename: 'PageInfo', hasNextPage: options.hasNextPage, endCursor: nodes.length ? `cursor-${nodes[nodes.length - 1]?.id}` : null },
      nodes,
    },
  };
}

let position = 0;

/** One `dataChanged` event as the server sends it. */
export function change(action: 'CREATE' | 'UPDATE' | 'DELETE', node: ReturnType<typeof receipt> | null, id = node?.id) {
  position += 1;
  return {
    __typename: 'DataChange',
    cursor: `c${position}`,
    type: 'RECEIPT',
    action,
    id,
    employeeId: 'emp_jordan',
    at: '2026-03-31T10:00:00.000Z',
    node,
  };
}

export const totals = {
  totals: {
    __typename: 'Totals',
    miles: 0,
    receiptAmounts: [{ __typename: 'CurrencyAmount', currency: 'USD', amountCents: 4210 }],
    hours: 0,
    mileageCount: 0,
    receiptCount: 1,
    timeEntryCount: 0,
  },
};
