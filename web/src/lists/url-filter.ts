import { useState } from 'react';
import type { ReviewStatus } from '../review/review-steps';
import { searchLength, type EntryFilter } from './entry-filter';

const statuses = new Set<string>(['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'REIMBURSED']);
const day = /^\d{4}-\d{2}-\d{2}$/;

/** The entry filter in the address bar (?employeeId=…&from=…&status=SUBMITTED,REJECTED&search=…); anything malformed is left out. */
function readFilter(search: string): EntryFilter {
  const params = new URLSearchParams(search);
  const text = (name: string) => params.get(name)?.trim() || null;
  const date = (name: string) => (day.test(params.get(name) ?? '') ? params.get(name) : null);
  const status = (params.get('status') ?? '').split(',').filter((value): value is ReviewStatus => statuses.has(value));
  return {
    employeeId: text('employeeId'),
    costCenterId: text('costCenterId'),
    from: date('from'),
    to: date('to'),
    status: status.length > 0 ? status : null,
    search: text('search')?.slice(0, searchLength) ?? null,
  };
}

const filterNames = ['employeeId', 'costCenterId', 'from', 'to', 'search', 'status'] as const;

/**
 * Rewrites the address bar's query: the names in `owned` take the values in `values` (absent: removed),
 * every other parameter stays. Replace, not push: Back leaves the page rather than stepping through
 * every filter change.
 */
export function replaceQuery(owned: readonly string[], values: URLSearchParams): void {
  const params = new URLSearchParams(values);
  for (const [name, value] of new URLSearchParams(window.location.search)) {
    if (!owned.includes(name)) params.append(name, value);
  }
  const query = params.toString();
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
}

function writeFilter(filter: EntryFilter): void {
  const params = new URLSearchParams();
  for (const name of ['employeeId', 'costCenterId', 'from', 'to', 'search'] as const) {
    const value = filter[name];
    if (value) params.set(name, value);
  }
  if (filter.status?.length) params.set('status', filter.status.join(','));
  replaceQuery(filterNames, params);
}

/** An entry list's filter kept in the address bar, so a reload or a shared link shows the same list. */
export function useUrlFilter(): [EntryFilter, (filter: EntryFilter) => void] {
  const [filter, setFilter] = useState(() => readFilter(window.location.search));
  return [
    filter,
    (next) => {
      writeFilter(next);
      setFilter(next);
    },
  ];
}
