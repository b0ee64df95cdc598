import { describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { reviewSuite } from '../support/review';

describe.each(engines)('sorting entry lists on $name', (engine) => {
  const suite = reviewSuite(engine);

  it('sorts by any offered key in either direction, and pages through it exactly, ties broken by id', async () => {
    const tag = `Sort${Math.random().toString(36).slice(2, 8)}`;
    const amounts = [700, 150, 2_500, 150, 999, 42];
    for (const [index, amountCents] of amounts.entries()) {
      await suite.api.create('employee', 'Receipt', {
        costCenterId: suite.ids.field, date: `2025-06-0${index + 1}`, amountCents, vendor: `${tag} ${String.fromCharCode(70 - index)}`, category: 'OTHER',
      });
    }
    const all = async (orderBy: unknown, first: number) => {
      const seen: Array<{ amountCents: number; vendor: string; id: string }> = [];
      let after: string | null = null;
      do {
        const data = await suite.api.as(
          'admin',
          'query ($filter: EntryFilter, $orderBy: ReceiptOrder, $first: Int, $after: String) { receipts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id amountCents vendor } } }',
          { filter: { search: tag }, orderBy, first, after },
        );
        seen.push(...data.receipts.nodes);
        after = data.receipts.pageInfo.hasNextPage ? data.receipts.pageInfo.endCursor : null;
      } while (after);
      return seen;
    };

    const ascending = await all({ field: 'AMOUNT', direction: 'ASC' }, 4);
    expect(ascending.map((row) => row.amountCents)).toEqual([...amounts].sort((a, b) => a - b));
    const tied = ascending.filter((row) => row.amountCents === 150).map((row) => row.id);
    expect(tied).toEqual([...tied].sort());
    const descending = await all({ field: 'AMOUNT', direction: 'DESC' }, 2);
    expect(descending.map((row) => row.id)).toEqual(ascending.map((row) => row.id).reverse());
    expect((await all({ field: 'VENDOR', direction: 'ASC' }, 5)).map((row) => row.vendor.slice(-1))).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    // Without orderBy: newest first, as before.
    expect((await all(null, 3)).map((row) => row.vendor.slice(-1))).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect((await all({ field: 'DATE', direction: 'ASC' }, 3)).map((row) => row.vendor.slice(-1))).toEqual(['F', 'E', 'D', 'C', 'B', 'A']);
  });

  it("sorts by the employee's name and by review status", async () => {
    const tag = `Who${Math.random().toString(36).slice(2, 8)}`;
    const mine = await suite.api.create('employee', 'MileageEntry', { costCenterId: suite.ids.field, date: '2025-06-10', miles: 5, startLocation: 'A', endLocation: 'B', purpose: tag });
    const theirs = await suite.api.create('admin', 'MileageEntry', {
      employeeId: suite.ids.salesEmployee, costCenterId: suite.ids.sales, date: '2025-06-11', miles: 6, startLocation: 'A', endLocation: 'B', purpose: tag,
    });
    await suite.api.step('employee', 'submit', 'MileageEntry', mine.id, mine.version);
    const list = async (orderBy: unknown) =>
      (await suite.api.as('admin', 'query ($filter: EntryFilter, $orderBy: MileageEntryOrder) { mileageEntries(filter: $filter, orderBy: $orderBy) { nodes { id } } }', { filter: { search: tag }, orderBy })).mileageEntries.nodes.map(
        (node: { id: string }) => node.id,
      );
    // Jordan Lee before Marcus Chen; DRAFT before SUBMITTED.
    expect(await list({ field: 'EMPLOYEE', direction: 'ASC' })).toEqual([mine.id, theirs.id]);
    expect(await list({ field: 'STATUS', direction: 'ASC' })).toEqual([theirs.id, mine.id]);
    expect(await list({ field: 'MILES', direction: 'DESC' })).toEqual([theirs.id, mine.id]);
  });
});
