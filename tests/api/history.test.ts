import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneChangeLog } from '../../server/changelog/retention';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { reviewClient } from '../support/review';
import { startTestServer, type TestServer } from '../support/test-server';

describe.each(engines)('the history of every entity on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let api: ReturnType<typeof reviewClient>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
    api = reviewClient(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('records who did what and when, with each changed field before and after, and keeps it when the change log is pruned', async () => {
    const trip = await api.create('employee', 'MileageEntry', { costCenterId: ids.field, date: '2026-04-01', startLocation: 'Depot', endLocation: 'Airport', miles: 12, purpose: 'Client visit' });
    await api.update('supervisor', 'MileageEntry', trip.id, 1, { miles: 14.5, purpose: 'Client visit, return' });
    await api.step('employee', 'submit', 'MileageEntry', trip.id, 2);
    await api.step('supervisor', 'reject', 'MileageEntry', trip.id, 3, 'Which client?');

    const read = () => api.history('employee', trip.id);
    const history = await read();
    expect(history.totalCount).toBe(4);
    const [reject, submit, update, create] = history.nodes;
    expect(create).toMatchObject({ action: 'CREATE', actor: { name: 'Jordan Lee' } });
    expect(create.changes).toContainEqual({ field: 'miles', before: null, after: '12' });
    expect(update).toMatchObject({
      action: 'UPDATE',
      actor: { name: 'Sam Supervisor' },
      changes: [
        { field: 'miles', before: '12', after: '14.5' },
        { field: 'purpose', before: 'Client visit', after: 'Client visit, return' },
      ],
    });
    expect(submit.changes).toContainEqual({ field: 'status', before: 'DRAFT', after: 'SUBMITTED' });
    expect(reject).toMatchObject({ action: 'REJECT', reason: 'Which client?', actor: { name: 'Sam Supervisor' } });
    expect(reject.changes).toContainEqual({ field: 'rejectionReason', before: null, after: 'Which client?' });
    expect(new Date(reject.at).getTime()).toBeGreaterThanOrEqual(new Date(create.at).getTime());

    // Retention removes every change event; the history stays, and `changes` now demands a resync.
    const horizon = await pruneChangeLog(server.app.services.db, { maxAgeMs: -60_000, idempotencyKeyAgeMs: 0 });
    expect(horizon).toBeGreaterThan(0);
    const changes = await api.as('admin', '{ changes(after: "cG9zOjA") { __typename } }');
    expect(changes.changes.__typename).toBe('ResyncRequiredError');
    expect(await read()).toEqual(history);
  });

  it('pages through a long history newest first', async () => {
    let receipt = await api.create('employee', 'Receipt', { costCenterId: ids.field, date: '2026-04-02', amountCents: 100, vendor: 'Pages', category: 'OTHER' });
    for (let amount = 101; amount <= 112; amount++) receipt = await api.update('employee', 'Receipt', receipt.id, receipt.version, { amountCents: amount });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await api.as('employee', 'query ($id: ID!, $after: String) { node(id: $id) { history(first: 5, after: $after) { pageInfo { hasNextPage endCursor } nodes { action changes { after } } } } }', { id: receipt.id, after })).node.history;
      seen.push(...page.nodes.map((entry: { action: string; changes: Array<{ after: string }> }) => `${entry.action}:${entry.changes[0]?.after}`));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(13);
    expect(seen[0]).toBe('UPDATE:112');
    expect(seen[12]?.startsWith('CREATE')).toBe(true);
  });

  it('shows the history of weeks and employees, and none of what the viewer may not see', async () => {
    await api.create('employee', 'TimeEntry', { costCenterId: ids.field, date: '2026-04-06', hours: 8 });
    const sheet = await api.week(ids.employee, '2026-04-06');
    await api.step('employee', 'submit', 'Timesheet', sheet.id, sheet.version);
    expect((await api.history('employee', sheet.id)).nodes.map((entry: { action: string }) => entry.action)).toEqual(['SUBMIT']);

    const employee = (await api.as('admin', 'query ($id: ID!) { node(id: $id) { ... on Employee { version } } }', { id: ids.salesEmployee })).node;
    await api.as('admin', 'mutation ($id: ID!, $version: Int!) { updateEmployee(id: $id, version: $version, input: { name: "Marcus Chen-Li" }) { __typename } }', { id: ids.salesEmployee, version: employee.version });
    expect((await api.history('supervisor', ids.salesEmployee)).nodes[0]).toMatchObject({ action: 'UPDATE', changes: [{ field: 'name', before: 'Marcus Chen', after: 'Marcus Chen-Li' }] });
    expect(await api.history('employee', ids.salesEmployee)).toBeNull();
    expect(await api.history('employee', sheet.id)).not.toBeNull();
    expect(await api.history('supervisor', (await api.week(ids.employee, '2026-04-06')).id)).not.toBeNull();
  });
});
