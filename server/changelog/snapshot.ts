/** Turns a change-log snapshot (JSON) back into the row shape resolvers expect: timestamps as Dates. */
export function rowFromSnapshot(snapshot: Record<string, unknown>): Record<string, unknown> & { id: string } {
  return {
    ...snapshot,
    id: String(snapshot.id),
    createdAt: new Date(String(snapshot.createdAt)),
    updatedAt: new Date(String(snapshot.updatedAt)),
  };
}
