import { describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { postGraphQL } from '../support/graphql-client';
import { reviewSuite } from '../support/review';

const money = '{ currency amountCents }';

describe.each(engines)('searching entry lists on $name', (engine) => {
  const suite = reviewSuite(engine);

  it("finds entries by every word of their text or their employee's name, in any case, and sums what it finds", async () => {
    const tag = `Srch${Math.random().toString(36).slice(2, 8)}`;
    const date = '2025-10-07';
    const receipt = (vendor: string, description: string, amountCents: number) =>
      suite.api.create('employee', 'Receipt', { costCenterId: suite.ids.field, date, amountCents, vendor, description, category: 'SUPPLIES' });
    const paper = await receipt(`${tag} Staples`, 'printer paper', 1_200);
    const toner = await receipt(`${tag} Staples`, 'toner 100%', 3_400);
    await receipt(`${tag} Office Depot`, 'printer paper', 500);

    const search = async (text: string) => {
      const data = await suite.api.as(
        'admin',
        `query ($filter: EntryFilter) { receipts(filter: $filter) { totalCount nodes { id } } totals(filter: $filter) { receiptCount receiptAmounts ${money} } }`,
        { filter: { search: text } },
      );
      return { ids: data.receipts.nodes.map((node: { id: string }) => node.id).sort(), count: data.receipts.totalCount, totals: data.totals };
    };

    expect((await search(`${tag.toLowerCase()} STAPLES`)).ids).toEqual([paper.id, toner.id].sort());
    expect((await search(`  ${tag} staples   paper `)).ids).toEqual([paper.id]);
    // Wildcards are literal: "%" matches only a percent sign, not any text.
    expect((await search(`${tag} 100%`)).ids).toEqual([toner.id]);
    expect((await search(`${tag} 1_0`)).count).toBe(0);
    // The employee's name and the category count as the entry's text.
    expect((await search(`${tag} jordan supplies`)).count).toBe(3);
    expect((await search(`${tag} marcus`)).count).toBe(0);
    expect((await search(`${tag} staples`)).totals).toEqual({ receiptCount: 2, receiptAmounts: [{ currency: 'USD', amountCents: 4_600 }] });
  });

  it('looks through trips and hours too, and keeps to what the viewer may see', async () => {
    const tag = `Trip${Math.random().toString(36).slice(2, 8)}`;
    const trip = await suite.api.create('employee', 'MileageEntry', {
      costCenterId: suite.ids.field, date: '2025-10-08', miles: 12, startLocation: 'Depot', endLocation: `${tag} Harbor`, purpose: 'Delivery',
    });
    const hours = await suite.api.create('employee', 'TimeEntry', { costCenterId: suite.ids.field, date: '2025-10-08', hours: 1, notes: `${tag} inventory count` });
    const found = await suite.api.as(
      'employee',
      'query ($filter: EntryFilter) { mileageEntries(filter: $filter) { nodes { id } } timeEntries(filter: $filter) { nodes { id } } }',
      { filter: { search: `${tag.toUpperCase()}` } },
    );
    expect(found.mileageEntries.nodes).toEqual([{ id: trip.id }]);
    expect(found.timeEntries.nodes).toEqual([{ id: hours.id }]);
    await suite.api.create('admin', 'MileageEntry', {
      employeeId: suite.ids.opsEmployee, costCenterId: suite.ids.ops, date: '2025-10-08', miles: 3, startLocation: 'Depot', endLocation: `${tag} Pier`, purpose: 'Delivery',
    });
    const count = async (role: 'admin' | 'supervisor') =>
      (await suite.api.as(role, 'query ($filter: EntryFilter) { mileageEntries(filter: $filter) { totalCount } }', { filter: { search: tag } })).mileageEntries.totalCount;
    expect(await count('admin')).toBe(2);
    expect(await count('supervisor')).toBe(1);
  });

  it('refuses a search longer than 100 characters before any SQL, and treats a blank one as no search', async () => {
    const long = await postGraphQL(suite.server.url, 'query ($filter: EntryFilter) { receipts(filter: $filter) { totalCount } }', { filter: { search: 'x'.repeat(101) } }, suite.server.tokens.admin);
    expect(long.status).toBe(400);
    expect(long.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'filter.search' });
    expect(long.body.errors?.[0]?.message).toMatch(/SearchText must be at most 100 characters/);
    const blank = await suite.api.as('admin', 'query ($filter: EntryFilter) { receipts(filter: $filter) { totalCount } all: receipts { totalCount } }', { filter: { search: '   ' } });
    expect(blank.receipts.totalCount).toBe(blank.all.totalCount);
  });
});
