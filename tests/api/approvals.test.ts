import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds, tableCounts } from '../support/fixtures';
import { reviewClient } from '../support/review';
import { subscribe } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

type Ids = Awaited<ReturnType<typeof demoIds>>;

/** The two reviewed entry types that are paid out, with a valid input for Jordan (FIELD, supervised by Sam). */
const entryTypes = [
  { typename: 'MileageEntry', type: 'MILEAGE', input: (ids: Ids) => ({ costCenterId: ids.field, date: '2026-02-10', startLocation: 'Depot', endLocation: 'Airport', miles: 12.3, purpose: 'Client visit' }), patch: { miles: 14 } },
  { typename: 'Receipt', type: 'RECEIPT', input: (ids: Ids) => ({ costCenterId: ids.field, date: '2026-02-10', amountCents: 4210, vendor: 'Staples', category: 'SUPPLIES' }), patch: { amountCents: 4500 } },
] as const;

describe.each(engines)('review workflow of trips and receipts on $name', (engine) => {
  let server: TestServer;
  let ids: Ids;
  let api: ReturnType<typeof reviewClient>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
    api = reviewClient(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.each(entryTypes)('$typename', ({ typename, type, input, patch }) => {
    const draft = async () => {
      const created = await api.create('employee', typename, input(ids));
      expect(created).toMatchObject({ __typename: typename, status: 'DRAFT', locked: false });
      return created as { id: string; version: number };
    };

    it('submit -> approve: each step bumps the version, names who took it, and reaches subscribers as an UPDATE with the new status', async () => {
      const entry = await draft();
      // From the cursor of now, so the events are replayed if the subscription starts after the writes.
      const { syncCursor } = await api.as('employee', '{ syncCursor }');
      const watcher = subscribe(server.wsUrl, server.tokens.employee, { type, after: syncCursor });
      const submitted = await api.step('employee', 'submit', typename, entry.id, 1);
      expect(submitted).toMatchObject({ status: 'SUBMITTED', version: 2, statusChangedBy: { id: ids.employee } });
      expect(submitted.submittedAt).toBeTruthy();
      const approved = await api.step('supervisor', 'approve', typename, entry.id, 2);
      expect(approved).toMatchObject({ status: 'APPROVED', version: 3, locked: true, reviewedBy: { id: ids.supervisor, name: 'Sam Supervisor' } });
      const events = (await watcher.waitFor(2)).filter((event) => event.id === entry.id);
      expect(watcher.events).toHaveLength(2);
      expect(events.map((event) => [event.action, event.node?.version])).toEqual([['UPDATE', 2], ['UPDATE', 3]]);
      watcher.close();
    });

    it('refuses to edit or delete an approved entry with a LockedError naming the state and who locked it, and writes nothing', async () => {
      const entry = await draft();
      await api.step('employee', 'submit', typename, entry.id, 1);
      await api.step('supervisor', 'approve', typename, entry.id, 2);
      const before = await tableCounts(server.app.services.db);
      for (const role of ['employee', 'supervisor', 'admin'] as const) {
        const edit = await api.update(role, typename, entry.id, 3, patch);
        expect(edit).toMatchObject({ __typename: 'LockedError', entityId: entry.id, status: 'APPROVED', lockedBy: { id: ids.supervisor } });
        expect(edit.lockedAt).toBeTruthy();
        // A stale version changes nothing: the lock answers first.
        expect((await api.update(role, typename, entry.id, 1, patch)).__typename).toBe('LockedError');
        expect((await api.remove(role, typename, entry.id, 3)).__typename).toBe('LockedError');
      }
      expect(await tableCounts(server.app.services.db)).toEqual(before);
      expect(await api.node('admin', entry.id)).toMatchObject({ version: 3, status: 'APPROVED' });
    });

    it('reject -> fix -> resubmit: the reason reaches the employee and clears on resubmission', async () => {
      const entry = await draft();
      await api.step('employee', 'submit', typename, entry.id, 1);
      const rejected = await api.step('supervisor', 'reject', typename, entry.id, 2, '  The photo is missing  ');
      expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'The photo is missing', reviewedBy: { id: ids.supervisor }, locked: false });
      expect(await api.node('employee', entry.id)).toMatchObject({ status: 'REJECTED', rejectionReason: 'The photo is missing' });
      const fixed = await api.update('employee', typename, entry.id, 3, patch);
      expect(fixed).toMatchObject({ __typename: typename, status: 'REJECTED', version: 4 });
      const resubmitted = await api.step('employee', 'submit', typename, entry.id, 4);
      expect(resubmitted).toMatchObject({ status: 'SUBMITTED', rejectionReason: null, reviewedBy: null });
      expect(await api.step('supervisor', 'approve', typename, entry.id, 5)).toMatchObject({ status: 'APPROVED' });
    });

    it('answers every illegal step with a typed error and changes nothing', async () => {
      const entry = await draft();
      const before = await tableCounts(server.app.services.db);
      const attempts: Array<[ReturnType<typeof api.step>, string]> = [
        [api.step('supervisor', 'approve', typename, entry.id, 1), 'IllegalTransitionError'],
        [api.step('admin', 'reimburse', typename, entry.id, 1), 'IllegalTransitionError'],
        [api.step('admin', 'reopen', typename, entry.id, 1, 'why not'), 'IllegalTransitionError'],
        [api.step('supervisor', 'submit', typename, entry.id, 1), 'ForbiddenError'],
        [api.step('employee', 'approve', typename, entry.id, 1), 'ForbiddenError'],
      ];
      for (const [attempt, expected] of attempts) expect((await attempt).__typename).toBe(expected);
      await api.step('employee', 'submit', typename, entry.id, 1);
      const afterSubmit = await tableCounts(server.app.services.db);
      expect((await api.step('employee', 'approve', typename, entry.id, 2)).__typename).toBe('ForbiddenError');
      expect((await api.step('supervisor', 'reject', typename, entry.id, 2, '   ')).fields).toEqual([{ field: 'reason', message: 'must not be empty' }]);
      expect((await api.step('supervisor', 'reimburse', typename, entry.id, 2)).__typename).toBe('ForbiddenError');
      expect((await api.step('admin', 'reimburse', typename, entry.id, 2)).__typename).toBe('IllegalTransitionError');
      expect((await api.step('supervisor', 'approve', typename, entry.id, 1)).__typename).toBe('VersionConflictError');
      expect(await tableCounts(server.app.services.db)).toEqual(afterSubmit);
      expect(afterSubmit.changeEvents).toBe(before.changeEvents + 1);
      expect(await api.node('admin', entry.id)).toMatchObject({ status: 'SUBMITTED', version: 2 });
    });

    it('never lets a supervisor or an admin approve their own entry', async () => {
      const centers = await api.as('admin', '{ costCenters { id code } }');
      const adminCenter = centers.costCenters.find((center: { code: string }) => center.code === 'ADMIN').id;
      const owners = { supervisor: { employeeId: ids.supervisor, costCenterId: ids.field }, admin: { employeeId: ids.admin, costCenterId: adminCenter } };
      for (const role of ['supervisor', 'admin'] as const) {
        const own = await api.create(role, typename, { ...input(ids), ...owners[role] });
        await api.step(role, 'submit', typename, own.id, 1);
        const refused = await api.step(role, 'approve', typename, own.id, 2);
        expect(refused).toMatchObject({ __typename: 'ForbiddenError', message: expect.stringContaining('your own') });
      }
    });

    it('lets an admin mark an approved entry reimbursed and reopen it with a logged reason; reopened, it is editable again', async () => {
      const entry = await draft();
      await api.step('employee', 'submit', typename, entry.id, 1);
      await api.step('supervisor', 'approve', typename, entry.id, 2);
      const paid = await api.step('admin', 'reimburse', typename, entry.id, 3);
      expect(paid).toMatchObject({ status: 'REIMBURSED', locked: true, reimbursedBy: { id: ids.admin } });
      expect(await api.update('employee', typename, entry.id, 4, patch)).toMatchObject({ __typename: 'LockedError', status: 'REIMBURSED', lockedBy: { id: ids.admin } });
      expect((await api.step('admin', 'reopen', typename, entry.id, 4, '')).__typename).toBe('ValidationError');
      const reopened = await api.step('admin', 'reopen', typename, entry.id, 4, 'Paid twice; correcting the amount');
      expect(reopened).toMatchObject({ status: 'DRAFT', locked: false, reviewedBy: null, reimbursedBy: null, version: 5 });
      expect((await api.update('employee', typename, entry.id, 5, patch)).__typename).toBe(typename);
      const history = await api.history('employee', entry.id);
      expect(history.nodes.map((item: { action: string }) => item.action)).toEqual(['UPDATE', 'REOPEN', 'REIMBURSE', 'APPROVE', 'SUBMIT', 'CREATE']);
      expect(history.nodes[1]).toMatchObject({ reason: 'Paid twice; correcting the amount', actor: { name: 'Avery Admin' } });
    });

    it('resolves a concurrent approve and edit of one version with exactly one winner', async () => {
      for (let round = 0; round < 4; round++) {
        const entry = await draft();
        await api.step('employee', 'submit', typename, entry.id, 1);
        const [approve, edit] = await Promise.all([api.step('supervisor', 'approve', typename, entry.id, 2), api.update('employee', typename, entry.id, 2, patch)]);
        const winners = [approve, edit].filter((result) => result.__typename === typename);
        expect(winners).toHaveLength(1);
        const final = await api.node('admin', entry.id);
        expect(final.version).toBe(3);
        if (approve.__typename === typename) {
          expect(edit.__typename).toBe('LockedError');
          expect(final.status).toBe('APPROVED');
        } else {
          expect(approve.__typename).toBe('VersionConflictError');
          expect(final).toMatchObject({ status: 'SUBMITTED', ...patch });
        }
      }
    });
  });

  it('keeps an out-of-scope entry out of reach: not found for a supervisor, whatever the step', async () => {
    const centers = await api.as('admin', '{ costCenters { id code } }');
    const ops = centers.costCenters.find((center: { code: string }) => center.code === 'OPS').id;
    const entry = await api.create('admin', 'Receipt', { employeeId: ids.opsEmployee, costCenterId: ops, date: '2026-02-10', amountCents: 100, vendor: 'Shell', category: 'FUEL' });
    for (const verb of ['approve', 'reject', 'submit']) {
      const result = await api.step('supervisor', verb, 'Receipt', entry.id, 1, verb === 'reject' ? 'no' : undefined);
      expect(result.__typename).toBe('NotFoundError');
    }
  });

  it('lists the supervisor\'s queue: submitted entries of the employees they review, oldest first, never their own', async () => {
    const entries = [];
    for (let index = 0; index < 3; index++) {
      const entry = await api.create('employee', 'Receipt', { costCenterId: ids.field, date: '2026-02-11', amountCents: 100 + index, vendor: `Queue ${index}`, category: 'OTHER' });
      await api.step('employee', 'submit', 'Receipt', entry.id, 1);
      entries.push(entry.id);
    }
    const own = await api.create('supervisor', 'Receipt', { costCenterId: ids.field, date: '2026-02-11', amountCents: 5, vendor: 'Own', category: 'OTHER' });
    await api.step('supervisor', 'submit', 'Receipt', own.id, 1);
    const queue = async (role: 'supervisor' | 'employee' | 'admin') => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = (await api.as(role, 'query ($after: String) { receiptsToApprove(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id status employeeId submittedAt } } }', { after })).receiptsToApprove;
        seen.push(...page.nodes.map((node: { id: string; status: string; employeeId: string }) => {
          expect(node.status).toBe('SUBMITTED');
          expect(node.employeeId).not.toBe(role === 'supervisor' ? ids.supervisor : ids.admin);
          return node.id;
        }));
        if (!page.pageInfo.hasNextPage) {
          expect(page.totalCount).toBe(seen.length);
          return seen;
        }
        after = page.pageInfo.endCursor;
      }
    };
    const supervisorQueue = await queue('supervisor');
    expect(new Set(supervisorQueue).size).toBe(supervisorQueue.length);
    expect(supervisorQueue.slice(-3)).toEqual(entries);
    expect(supervisorQueue).not.toContain(own.id);
    expect(await queue('admin')).toContain(own.id);
    expect(await queue('employee')).toEqual([]);
  });
});
