import { randomUUID } from 'node:crypto';

/** Each entity type's id prefix: ids say what they point at, so `node(id)` needs no lookup table. */
const prefixByTypename = {
  Employee: 'emp',
  CostCenter: 'cc',
  MileageEntry: 'mil',
  Receipt: 'rcp',
  ReceiptPhoto: 'pho',
  TimeEntry: 'tim',
  Timesheet: 'tsh',
  MileageRate: 'mrt',
  Shift: 'shf',
  Punch: 'pun',
} as const;

export type Typename = keyof typeof prefixByTypename;

const typenameByPrefix = new Map<string, Typename>(
  Object.entries(prefixByTypename).map(([typename, prefix]) => [prefix, typename as Typename]),
);

export function newId(typename: Typename): string {
  return `${prefixByTypename[typename]}_${randomUUID()}`;
}

/** The type an id belongs to, or undefined for an id this server never issued. */
export function typenameOfId(id: string): Typename | undefined {
  const separator = id.indexOf('_');
  return separator > 0 ? typenameByPrefix.get(id.slice(0, separator)) : undefined;
}
