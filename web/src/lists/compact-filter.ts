/** The filter without its empty fields, or null when nothing is set: equal filters share one cached list. */
export function compactFilter<Filter extends object>(filter: Filter): Filter | null {
  const set = Object.entries(filter).filter(([, value]) => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0));
  return set.length > 0 ? (Object.fromEntries(set) as Filter) : null;
}
