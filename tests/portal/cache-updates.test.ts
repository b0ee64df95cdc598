import { describe, expect, it } from 'vitest';
import { graphql } from '../../web/src/graphql/graphql';
import { LiveSync_DataChanged } from '../../web/src/live/data-changed-subscription';
import { ReceiptFields } from '../../web/src/receipts/receipt-fields';
import { ReceiptsPage_List } from '../../web/src/receipts/receipts-page-query';
import { change, receipt, receiptsPage, sales, totals } from './factories';
import { fakeApi } from './fake-api';

const Totals = graphql(`
  query CacheTest_Totals {
    totals {
      miles
      receiptAmounts {
        currency
        amountCents
      }
      hours
      mileageCount
      receiptCount
      timeEntryCount
    }
  }
`);

const CreateReceipt = graphql(
  `
    mutation CacheTest_CreateReceipt($input: CreateReceiptInput!) {
      createReceipt(input: $input) {
        __typename
        ... on Receipt {
          ...ReceiptFields
        }
      }
    }
  `,
  [ReceiptFields],
);

const firstPage = { first: 3 };
const pageOne = [receipt('rcp_c', '2026-03-30'), receipt('rcp_b', '2026-03-20'), receipt('rcp_a', '2026-03-10')];

/** A client with the first receipts page cached and watched, and the live subscription running. */
async function portalWithReceipts(page = receiptsPage(pageOne, { hasNextPage: true, totalCount: 10 })) {
  const api = fakeApi((request) => {
    if (request.operationName === 'CacheTest_Totals') return totals;
    if (request.operationName === 'CacheTest_CreateReceipt') return { createReceipt: receipt('rcp_mine', '2026-03-31') };
    return page;
  });
  await api.client.query(ReceiptsPage_List, firstPage).toPromise();
  const watching = api.client.query(ReceiptsPage_List, firstPage).subscribe(() => {});
  const live = api.client.subscription(LiveSync_DataChanged, { after: 'c0' }).subscribe(() => {});
  const list = () => api.client.readQuery(ReceiptsPage_List, firstPage)?.data?.receipts;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { api, list, settle, stop: () => (watching.unsubscribe(), live.unsubscribe()) };
}

describe('the cache applies live changes without refetching', () => {
  it('inserts a created receipt into the cached list in server order and counts it', async () => {
    const { api, list, settle, stop } = await portalWithReceipts();
    await api.push(change('CREATE', receipt('rcp_new', '2026-03-25', { vendor: 'Office Depot' })));
    await settle();
    expect(list()?.nodes.map((node) => node.id)).toEqual(['rcp_c', 'rcp_new', 'rcp_b', 'rcp_a']);
    expect(list()?.nodes[1]?.vendor).toBe('Office Depot');
    expect(list()?.totalCount).toBe(11);
    expect(api.requests).toHaveLength(1);
    stop();
  });

  it('patches an updated receipt in place', async () => {
    const { api, list, settle, stop } = await portalWithReceipts();
    await api.push(change('UPDATE', receipt('rcp_b', '2026-03-20', { version: 2, vendor: 'Home Depot', amountCents: 999 })));
    await settle();
    const updated = list()?.nodes.find((node) => node.id === 'rcp_b');
    expect(updated).toMatchObject({ version: 2, vendor: 'Home Depot', amountCents: 999 });
    expect(list()?.nodes.map((node) => node.id)).toEqual(['rcp_c', 'rcp_b', 'rcp_a']);
    expect(list()?.totalCount).toBe(10);
    expect(api.requests).toHaveLength(1);
    stop();
  });

  it('removes a deleted receipt from the list and from the cache', async () => {
    const { api, list, settle, stop } = await portalWithReceipts();
    await api.push(change('DELETE', null, 'rcp_b'));
    await settle();
    expect(list()?.nodes.map((node) => node.id)).toEqual(['rcp_c', 'rcp_a']);
    expect(list()?.totalCount).toBe(9);
    expect(api.client.readQuery(ReceiptsPage_List, firstPage)?.stale).toBeFalsy();
    expect(api.requests).toHaveLength(1);
    stop();
  });

  it('moves an updated receipt that no longer matches a filtered list out of it', async () => {
    const filtered = { first: 3, filter: { costCenterId: 'cc_field' } };
    const api = fakeApi(() => receiptsPage(pageOne, { hasNextPage: false, totalCount: 3 }));
    await api.client.query(ReceiptsPage_List, filtered).toPromise();
    const live = api.client.subscription(LiveSync_DataChanged, { after: 'c0' }).subscribe(() => {});
    await api.push(change('UPDATE', receipt('rcp_b', '2026-03-20', { version: 2, costCenter: sales })));
    await api.push(change('CREATE', receipt('rcp_other', '2026-03-29', { costCenter: sales })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const list = api.client.readQuery(ReceiptsPage_List, filtered)?.data?.receipts;
    expect(list?.nodes.map((node) => node.id)).toEqual(['rcp_c', 'rcp_a']);
    expect(list?.totalCount).toBe(2);
    live.unsubscribe();
  });

  it('counts but does not show a receipt that belongs on a page not loaded yet', async () => {
    const { api, list, settle, stop } = await portalWithReceipts();
    await api.push(change('CREATE', receipt('rcp_old', '2026-01-02')));
    await settle();
    expect(list()?.nodes.map((node) => node.id)).toEqual(['rcp_c', 'rcp_b', 'rcp_a']);
    expect(list()?.totalCount).toBe(11);
    stop();
  });

  it('counts a receipt this tab created once, though it arrives as the mutation result and as an event', async () => {
    const { api, list, settle, stop } = await portalWithReceipts();
    await api.client
      .mutation(CreateReceipt, { input: { costCenterId: 'cc_field', date: '2026-03-31', amountCents: 4210, vendor: 'Staples', category: 'SUPPLIES' } })
      .toPromise();
    await api.push(change('CREATE', receipt('rcp_mine', '2026-03-31')));
    await settle();
    expect(list()?.nodes.map((node) => node.id)).toEqual(['rcp_mine', 'rcp_c', 'rcp_b', 'rcp_a']);
    expect(list()?.totalCount).toBe(11);
    stop();
  });

  it('refetches a watched searched or sorted list, where it cannot tell whether or where a change belongs', async () => {
    const api = fakeApi(() => receiptsPage(pageOne, { hasNextPage: false, totalCount: 3 }));
    const searched = { first: 3, filter: { search: 'staples' } };
    const sorted = { first: 3, orderBy: { field: 'AMOUNT', direction: 'ASC' } } as const;
    for (const variables of [searched, sorted]) await api.client.query(ReceiptsPage_List, variables).toPromise();
    const watching = [searched, sorted].map((variables) => api.client.query(ReceiptsPage_List, variables).subscribe(() => {}));
    const live = api.client.subscription(LiveSync_DataChanged, { after: 'c0' }).subscribe(() => {});
    await api.push(change('CREATE', receipt('rcp_new', '2026-03-25', { vendor: 'Staples' })));
    await expect.poll(() => api.requests.map((request) => request.operationName)).toEqual(Array(4).fill('ReceiptsPage_List'));
    for (const subscription of [...watching, live]) subscription.unsubscribe();
  });

  it('drops exactly the cached totals, which a watching dashboard then refetches', async () => {
    const { api, settle, stop } = await portalWithReceipts();
    await api.client.query(Totals, {}).toPromise();
    const dashboard = api.client.query(Totals, {}).subscribe(() => {});
    const before = api.requests.map((request) => request.operationName);
    expect(before).toEqual(['ReceiptsPage_List', 'CacheTest_Totals']);
    await api.push(change('UPDATE', receipt('rcp_a', '2026-03-10', { version: 2, amountCents: 100 })));
    await settle();
    expect(api.requests.map((request) => request.operationName)).toEqual([...before, 'CacheTest_Totals']);
    dashboard.unsubscribe();
    stop();
  });
});
