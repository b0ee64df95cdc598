import { useState } from 'react';
import type { ListOrder } from '../graphql/list-kind';
import { replaceQuery } from './url-filter';

const sortNames = ['sort', 'order'] as const;

/** ?sort=AMOUNT&order=asc, when `field` is one of `fields`; else null (the list's own order). */
function readSort<SortField extends string>(search: string, fields: readonly SortField[]): ListOrder<SortField> | null {
  const params = new URLSearchParams(search);
  const field = fields.find((offered) => offered === params.get('sort'));
  if (!field) return null;
  return { field, direction: params.get('order') === 'asc' ? 'ASC' : 'DESC' };
}

function writeSort<SortField extends string>(sort: ListOrder<SortField> | null): void {
  const params = new URLSearchParams();
  if (sort) {
    params.set('sort', sort.field);
    params.set('order', sort.direction.toLowerCase());
  }
  replaceQuery(sortNames, params);
}

/** A list's sort kept in the address bar next to its filter; `fields` are the ones its columns offer. */
export function useUrlSort<SortField extends string>(fields: readonly SortField[]): [ListOrder<SortField> | null, (sort: ListOrder<SortField> | null) => void] {
  const [sort, setSort] = useState(() => readSort(window.location.search, fields));
  return [
    sort,
    (next) => {
      writeSort(next);
      setSort(next);
    },
  ];
}
