import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines';
import { demoIds, tableCounts } from '../support/fixtures';
import { reviewClient } from '../support/review';
import { subscribe } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

type Ids = Awaited<ReturnType<typeof demoIds>>;

describe.each(engines)('weekly timesheets on $name', (engine) => {
  let server: TestServer;
  let ids: Ids;
  let api: ReturnType<typeof reviewClient>;
  /** Weeks of 2026 no other test (nor the demo data) uses, one per test. */
  let nextWeek = 0;
  const freshWeek = () => {
    // Two weeks apart: a test may use the week after its own.
    const monday = new Date(Date.UTC(2026, 0, 5 + 14 * nextWeek++));
    const day = (offset: number) => new Date(monday.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    return { monday: day(0), tuesday: day(1), sunday: day(6), nextMonday: day(7) };
  };
  const hours = (date: string, value = 8) => api.create('employee', 'TimeEntry', { costCenterId: ids.field, date, hours: value });

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
    api = reviewClient(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('submitting a week submits its entries: one UPDATE per entry, each with the new status', async () => {
    const week = freshWeek();
    const [monday, sunday] = [await hours(week.monday), await hours(week.sunday, 4)];
    const sheet = await api.week(ids.employee, week.monday);
    expect(sheet).toMatchObject({ status: 'DRAFT', weekStart: week.monday, hours: 12 });
    const { syncCursor } = await api.as('supervisor', '{ syncCursor }');
    const watcher = subscribe(server.wsUrl, server.tokens.supervisor, { type: 'TIME_TRACKING', after: syncCursor });
    const submitted = await api.step('employee', 'submit', 'Timesheet', sheet.id, sheet.version);
    expect(submitted).toMatchObject({ status: 'SUBMITTED', version: sheet.version + 1 });
    expect(submitted.entries.map((entry: { id: string; status: string; version: number }) => [entry.id, entry.status, entry.version])).toEqual([
      [monday.id, 'SUBMITTED', 2],
      [sunday.id, 'SUBMITTED', 2],
    ]);
    const events = await watcher.waitFor(2);
    expect(events.map((event) => [event.id, event.action, event.node?.version])).toEqual([
      [monday.id, 'UPDATE', 2],
      [sunday.id, 'UPDATE', 2],
    ]);
    watcher.close();
  });

  it('approving locks the week: no hours can be added, changed, moved in or out, or deleted, each with a LockedError', async () => {
    const week = freshWeek();
    const entry = await hours(week.tuesday);
    const elsewhere = await hours(week.nextMonday);
    let sheet = await api.week(ids.employee, week.monday);
    sheet = await api.step('employee', 'submit', 'Timesheet', sheet.id, sheet.version);
    sheet = await api.step('supervisor', 'approve', 'Timesheet', sheet.id, sheet.version);
    expect(sheet).toMatchObject({ status: 'APPROVED', locked: true, reviewedBy: { id: ids.supervisor } });
    expect(await api.node('employee', entry.id)).toMatchObject({ status: 'APPROVED', locked: true, version: 3 });
    const before = await tableCounts(server.app.services.db);
    const locked = { __typename: 'LockedError', entityId: sheet.id, status: 'APPROVED', lockedBy: { id: ids.supervisor } };
    expect(await hours(week.monday)).toMatchObject(locked);
    expect(await api.update('employee', 'TimeEntry', elsewhere.id, 1, { date: week.monday })).toMatchObject(locked);
    expect(await api.update('supervisor', 'TimeEntry', entry.id, 3, { hours: 9 })).toMatchObject({ __typename: 'LockedError', entityId: entry.id });
    expect(await api.update('employee', 'TimeEntry', entry.id, 3, { date: week.nextMonday })).toMatchObject({ __typename: 'LockedError' });
    expect((await api.remove('admin', 'TimeEntry', entry.id, 3)).__typename).toBe('LockedError');
    expect(await tableCounts(server.app.services.db)).toEqual(before);

    const reopened = await api.step('admin', 'reopen', 'Timesheet', sheet.id, sheet.version, 'Overtime was missing');
    expect(reopened).toMatchObject({ status: 'DRAFT', locked: false });
    expect((await hours(week.monday)).status).toBe('DRAFT');
  });

  it('reject -> fix -> resubmit: the reason shows on every entry, new hours join the rejected week, and resubmission clears it', async () => {
    const week = freshWeek();
    const entry = await hours(week.monday);
    let sheet = await api.week(ids.employee, week.monday);
    sheet = await api.step('employee', 'submit', 'Timesheet', sheet.id, sheet.version);
    sheet = await api.step('supervisor', 'reject', 'Timesheet', sheet.id, sheet.version, 'Tuesday is missing');
    expect(sheet).toMatchObject({ status: 'REJECTED', rejectionReason: 'Tuesday is missing' });
    expect(await api.node('employee', entry.id)).toMatchObject({ status: 'REJECTED', rejectionReason: 'Tuesday is missing' });
    const tuesday = await hours(week.tuesday);
    expect(tuesday).toMatchObject({ status: 'REJECTED', rejectionReason: 'Tuesday is missing' });
    sheet = await api.week(ids.employee, week.monday);
    sheet = await api.step('employee', 'submit', 'Timesheet', sheet.id, sheet.version);
    expect(sheet).toMatchObject({ status: 'SUBMITTED', rejectionReason: null, hours: 16 });
    expect(sheet.entries.every((item: { status: string }) => item.status === 'SUBMITTED')).toBe(true);
  });

  it('answers illegal steps on a week with typed errors and changes nothing', async () => {
    const week = freshWeek();
    await hours(week.monday);
    const sheet = await api.week(ids.employee, week.monday);
    const before = await tableCounts(server.app.services.db);
    expect((await api.step('supervisor', 'approve', 'Timesheet', sheet.id, sheet.version)).__typename).toBe('IllegalTransitionError');
    expect((await api.step('supervisor', 'submit', 'Timesheet', sheet.id, sheet.version)).__typename).toBe('ForbiddenError');
    expect((await api.step('employee', 'submit', 'Timesheet', sheet.id, sheet.version - 1)).__typename).toBe('NodeVersionConflictError');
    const submitted = await api.step('employee', 'submit', 'Timesheet', sheet.id, sheet.version);
    const afterSubmit = await tableCounts(server.app.services.db);
    expect(afterSubmit.changeEvents).toBe(before.changeEvents + 1);
    expect((await api.step('employee', 'approve', 'Timesheet', submitted.id, submitted.version)).__typename).toBe('ForbiddenError');
    expect((await api.step('supervisor', 'reject', 'Timesheet', submitted.id, submitted.version, '')).__typename).toBe('ValidationError');
    // A change to the week's hours moves its version on: a review of what it was before is a conflict.
    const added = await hours(week.tuesday);
    expect(added.status).toBe('SUBMITTED');
    expect(await api.step('supervisor', 'approve', 'Timesheet', submitted.id, submitted.version)).toMatchObject({ __typename: 'NodeVersionConflictError', current: { version: submitted.version + 1 } });
    expect(await tableCounts(server.app.services.db)).toEqual({ ...afterSubmit, timeEntries: afterSubmit.timeEntries + 1, changeEvents: afterSubmit.changeEvents + 1 });
  });

  it('serializes adding hours and approving the week: the new entry is either in the approval or refused', async () => {
    for (let round = 0; round < 4; round++) {
      const week = freshWeek();
      await hours(week.monday);
      let sheet = await api.week(ids.employee, week.monday);
      sheet = await api.step('employee', 'submit', 'Timesheet', sheet.id, sheet.version);
      const [approval, added] = await Promise.all([api.step('supervisor', 'approve', 'Timesheet', sheet.id, sheet.version), hours(week.tuesday)]);
      if (approval.__typename === 'Timesheet') {
        expect(added.__typename).toBe('LockedError');
        expect(approval.entries).toHaveLength(1);
      } else {
        expect(approval.__typename).toBe('NodeVersionConflictError');
        expect(added).toMatchObject({ __typename: 'TimeEntry', status: 'SUBMITTED' });
      }
      const final = await api.week(ids.employee, week.monday);
      expect(new Set(final.entries.map((entry: { status: string }) => entry.status))).toEqual(new Set([final.status]));
    }
  });

  it("lists the weeks a supervisor reviews, never their own, and only the employee's own weeks to an employee", async () => {
    const week = freshWeek();
    await hours(week.monday);
    const sheet = await api.week(ids.employee, week.monday);
    await api.step('employee', 'submit', 'Timesheet', sheet.id, sheet.version);
    const queue = async (role: 'supervisor' | 'employee') =>
      (await api.as(role, '{ timesheetsToApprove(first: 1000) { nodes { id employeeId status } } }')).timesheetsToApprove.nodes as Array<{ id: string; employeeId: string; status: string }>;
    const supervisorQueue = await queue('supervisor');
    expect(supervisorQueue.map((item) => item.id)).toContain(sheet.id);
    expect(supervisorQueue.every((item) => item.status === 'SUBMITTED' && item.employeeId !== ids.supervisor)).toBe(true);
    expect(await queue('employee')).toEqual([]);
    const own = (await api.as('employee', '{ timesheets(first: 1000) { nodes { employeeId } } }')).timesheets.nodes;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((item: { employeeId: string }) => item.employeeId === ids.employee)).toBe(true);
  });
});
