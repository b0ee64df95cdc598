import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { punches, shifts } from '../../server/db/schema';
import { weekStartOf } from '../../server/domain/timesheets';
import { dayIn, startOfNextDay } from '../../server/domain/time-zone';
import { demoPassword } from '../../server/db/seed-demo';
import { engines } from '../support/engines';
import { demoIds, tableCounts } from '../support/fixtures';
import { graphql, graphqlData } from '../support/graphql-client';
import { subscribeFromNow } from '../support/subscriber';
import { startTestServer, type TestServer } from '../support/test-server';

const shiftFields = /* GraphQL */ `
  __typename
  ... on Shift {
    id version employeeId costCenterId timeZone startedAt endedAt state workedHours forgotten note
    breaks { startedAt endedAt }
    days { date hours }
    punches { kind deviceAt deviceTimeZone receivedAt location { latitude longitude } note }
    entries { id date hours status shiftId costCenterId }
  }
  ... on Error { message }
  ... on ClockStateError { state shiftId }
  ... on PunchTimeError { problem earliest latest }
  ... on ValidationError { fields { field message } }
  ... on LockedError { entityId status }
`;
const correctionFields = `${shiftFields.replace(/\s*\.\.\. on (ClockStateError|PunchTimeError) \{[^}]*\}/g, '')} ... on ShiftOverlapError { other { id } }`;

const punchMutation = (field: string) => /* GraphQL */ `
  mutation ($input: PunchInput!, $key: String) { r: ${field}(input: $input, idempotencyKey: $key) { ${shiftFields} } }
`;

const hour = 3_600_000;

describe.each(engines)('time clock on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let priyaToken: string;
  let priyaId: string;
  /**
   * Punch times handed out in order, from 60 hours ago towards now: every punch of the demo employee is
   * later than the one before, as on a real phone.
   */
  let clock = Date.now() - 60 * hour;
  const later = (hours: number) => new Date((clock += hours * hour)).toISOString();

  const as = (token: string, query: string, variables: Record<string, unknown> = {}) => graphqlData<any>(server.url, query, variables, token);
  const punchAs = (token: string, field: string, input: Record<string, unknown>, key?: string) =>
    as(token, punchMutation(field), { input: { timeZone: 'America/Chicago', ...input }, key }).then((data) => data.r);
  const punch = (field: string, input: Record<string, unknown>, key?: string) => punchAs(server.tokens.employee, field, input, key);

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
    const login = await graphqlData<any>(server.url, 'mutation ($p: String!) { login(email: "priya@staffsync.example", password: $p) { ... on Session { token employee { id } } } }', { p: demoPassword });
    priyaToken = login.login.token;
    priyaId = login.login.employee.id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a shift with a break: punches keep device time and zone beside receipt time, and clocking out makes the time entry', async () => {
    const watcher = await subscribeFromNow(server, server.tokens.supervisor, { type: 'TIME_CLOCK' });
    const start = later(1);
    const clockedIn = await punch('clockIn', { at: start, note: 'Site A', location: { latitude: 41.878113, longitude: -87.629799 } });
    expect(clockedIn).toMatchObject({ __typename: 'Shift', state: 'ON_THE_CLOCK', startedAt: start, endedAt: null, timeZone: 'America/Chicago', costCenterId: ids.field, employeeId: ids.employee });
    expect(clockedIn.punches).toEqual([
      expect.objectContaining({ kind: 'CLOCK_IN', deviceAt: start, deviceTimeZone: 'America/Chicago', location: { latitude: 41.88, longitude: -87.63 }, note: 'Site A' }),
    ]);
    expect(Date.parse(clockedIn.punches[0].receivedAt)).toBeGreaterThan(Date.parse(start));
    expect((await as(server.tokens.employee, '{ currentShift { id } }')).currentShift.id).toBe(clockedIn.id);

    const breakStart = later(2);
    expect(await punch('startBreak', { at: breakStart })).toMatchObject({ state: 'ON_BREAK', breaks: [{ startedAt: breakStart, endedAt: null }] });
    const breakEnd = later(0.5);
    expect(await punch('endBreak', { at: breakEnd })).toMatchObject({ state: 'ON_THE_CLOCK', breaks: [{ startedAt: breakStart, endedAt: breakEnd }] });
    const end = later(3);
    const closed = await punch('clockOut', { at: end, timeZone: 'America/Denver', note: 'Done' });
    expect(closed).toMatchObject({ state: 'NOT_CLOCKED_IN', endedAt: end, workedHours: 5, note: 'Site A\nDone', version: 4 });
    expect(closed.punches.map((row: { kind: string; deviceTimeZone: string }) => [row.kind, row.deviceTimeZone])).toEqual([
      ['CLOCK_IN', 'America/Chicago'],
      ['BREAK_START', 'America/Chicago'],
      ['BREAK_END', 'America/Chicago'],
      ['CLOCK_OUT', 'America/Denver'],
    ]);
    // One entry per local day of the shift's zone, breaks subtracted.
    expect(closed.entries.map((entry: { hours: number }) => entry.hours).reduce((a: number, b: number) => a + b, 0)).toBe(5);
    // Each entry shares its week's state: a week the demo data already submitted takes the new hours as SUBMITTED.
    const dates = closed.days.map((day: { date: string }) => day.date);
    const { timesheets } = await as(server.tokens.employee, 'query ($f: TimesheetFilter) { timesheets(filter: $f) { nodes { weekStart status } } }', {
      f: { employeeId: ids.employee, from: dates[0], to: dates[dates.length - 1] },
    });
    const stateOn = (date: string) => timesheets.nodes.find((sheet: { weekStart: string }) => sheet.weekStart === weekStartOf(date))?.status ?? 'DRAFT';
    expect(closed.entries).toEqual(closed.days.map((day: { date: string; hours: number }) => expect.objectContaining({ date: day.date, hours: day.hours, shiftId: closed.id, status: stateOn(day.date) })));
    expect((await as(server.tokens.employee, '{ currentShift { id } }')).currentShift).toBeNull();

    // The supervisor's stream carried every punch as it happened.
    const events = await watcher.waitFor(4);
    expect(events.map((event) => [event.type, event.action, event.id, event.employeeId])).toEqual([
      ['TIME_CLOCK', 'CREATE', clockedIn.id, ids.employee],
      ['TIME_CLOCK', 'UPDATE', clockedIn.id, ids.employee],
      ['TIME_CLOCK', 'UPDATE', clockedIn.id, ids.employee],
      ['TIME_CLOCK', 'UPDATE', clockedIn.id, ids.employee],
    ]);
    watcher.close();
  });

  it('a shift punched across midnight becomes one entry per local day, and the timesheet counts them', async () => {
    // The first midnight in Chicago at least three hours after the previous punch, so that the clock-in
    // two and a half hours before it still comes after that punch, whatever the time of day.
    const midnight = startOfNextDay(dayIn(new Date(clock + 3 * hour), 'America/Chicago'), 'America/Chicago').getTime();
    const [before, after] = [dayIn(new Date(midnight - hour), 'America/Chicago'), dayIn(new Date(midnight + hour), 'America/Chicago')];
    await punch('clockIn', { at: new Date(midnight - 2.5 * hour).toISOString() });
    await punch('startBreak', { at: new Date(midnight - 0.25 * hour).toISOString() });
    await punch('endBreak', { at: new Date(midnight + 0.25 * hour).toISOString() });
    clock = midnight + 3 * hour;
    const closed = await punch('clockOut', { at: new Date(clock).toISOString() });
    expect(closed.entries.map((entry: { date: string; hours: number }) => [entry.date, entry.hours])).toEqual([
      [before, 2.25],
      [after, 2.75],
    ]);
    const sheets = (await as(server.tokens.employee, 'query ($from: Date!, $to: Date!) { timesheets(filter: { from: $from, to: $to }) { nodes { entries { id } } } }', { from: before, to: after })).timesheets.nodes;
    const inSheets = sheets.flatMap((sheet: { entries: Array<{ id: string }> }) => sheet.entries.map((entry) => entry.id));
    expect(inSheets).toEqual(expect.arrayContaining(closed.entries.map((entry: { id: string }) => entry.id)));
  });

  it('refuses punches that do not fit, and hostile input, with typed errors and nothing written', async () => {
    const before = await tableCounts(server.app.services.db);
    const punchCount = async () => (await server.app.services.db.select({ n: sql<number>`count(*)::int` }).from(punches))[0]!.n;
    const punchesBefore = await punchCount();
    const at = later(1);
    expect(await punch('clockOut', { at })).toMatchObject({ __typename: 'ClockStateError', state: 'NOT_CLOCKED_IN', shiftId: null });
    expect(await punch('startBreak', { at })).toMatchObject({ __typename: 'ClockStateError', state: 'NOT_CLOCKED_IN' });
    expect(await punch('endBreak', { at })).toMatchObject({ __typename: 'ClockStateError', state: 'NOT_CLOCKED_IN' });
    const future = await punch('clockIn', { at: new Date(Date.now() + 3 * hour).toISOString() });
    expect(future).toMatchObject({ __typename: 'PunchTimeError', problem: 'IN_THE_FUTURE' });
    expect(Date.parse(future.latest)).toBeLessThan(Date.now() + 10 * 60_000);
    expect(await punch('clockIn', { at: '9999-12-31T23:59:59.000Z' })).toMatchObject({ __typename: 'PunchTimeError', problem: 'IN_THE_FUTURE' });
    expect(await punch('clockIn', { at: new Date(Date.now() - 100 * hour).toISOString() })).toMatchObject({ __typename: 'PunchTimeError', problem: 'TOO_OLD' });
    // Before the end of the previous shift (the first test's clock-out).
    expect(await punch('clockIn', { at: new Date(clock - 2 * hour).toISOString() })).toMatchObject({ __typename: 'PunchTimeError', problem: 'BEFORE_PREVIOUS_PUNCH' });
    for (const timeZone of ['Mars/Olympus_Mons', '+02:00', 'CET ', 'x'.repeat(10_000), '', '../../etc/passwd', 'Europe/Berlin/../../x']) {
      const result = await punch('clockIn', { at, timeZone });
      expect(result, timeZone.slice(0, 20)).toMatchObject({ __typename: 'ValidationError', fields: [expect.objectContaining({ field: 'timeZone' })] });
    }
    // NUL never gets as far as the time clock: the input hygiene of every request refuses it.
    for (const input of [{ at, timeZone: 'Europe/Berlin\u0000' }, { at, timeZone: 'UTC', note: 'a\u0000b' }]) {
      const { errors } = await graphql(server.url, punchMutation('clockIn'), { input }, server.tokens.employee);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await punch('clockIn', { at, location: { latitude: 91, longitude: 0 } })).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'location.latitude' }] });
    expect(await punch('clockIn', { at, location: { latitude: 0, longitude: -1e308 } })).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'location.longitude' }] });
    expect(await punch('clockIn', { at, note: 'x'.repeat(501) })).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'note', message: 'must be at most 500 characters' }] });
    expect(await punch('clockIn', { at, costCenterId: ids.sales })).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'costCenterId', message: 'is not a cost center this employee works for' }] });
    expect(await punch('clockIn', { at, costCenterId: 'cc_'.padEnd(5_000, 'x') })).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'costCenterId' }] });
    expect(await tableCounts(server.app.services.db)).toEqual(before);
    expect(await punchCount()).toBe(punchesBefore);

    // In a shift: a second clock-in, a break ended when none runs, a break started twice, a punch dated before the last one.
    const shift = await punch('clockIn', { at });
    expect(await punch('clockIn', { at: later(0.1) })).toMatchObject({ __typename: 'ClockStateError', state: 'ON_THE_CLOCK', shiftId: shift.id });
    expect(await punch('endBreak', { at: later(0.1) })).toMatchObject({ __typename: 'ClockStateError', state: 'ON_THE_CLOCK' });
    await punch('startBreak', { at: later(0.1) });
    expect(await punch('startBreak', { at: later(0.1) })).toMatchObject({ __typename: 'ClockStateError', state: 'ON_BREAK' });
    expect(await punch('endBreak', { at })).toMatchObject({ __typename: 'PunchTimeError', problem: 'BEFORE_PREVIOUS_PUNCH' });
    expect(await punch('clockOut', { at: later(1), costCenterId: ids.field })).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'costCenterId' }] });
    // Clocking out during a break ends it.
    const closed = await punch('clockOut', { at: later(0.1) });
    expect(closed).toMatchObject({ state: 'NOT_CLOCKED_IN', version: 3 });
    expect(closed.breaks[0].endedAt).toBe(closed.endedAt);
  });

  it('a punch sent again with its idempotency key counts once, and offline punches replay exactly once in order', async () => {
    const watcher = await subscribeFromNow(server, server.tokens.employee, { type: 'TIME_CLOCK' });
    // The phone was offline: four punches queued with their device times, sent later in order...
    const outbox = [
      { field: 'clockIn', input: { at: later(1) }, key: `offline-${clock}-in` },
      { field: 'startBreak', input: { at: later(2) }, key: `offline-${clock}-break` },
      { field: 'endBreak', input: { at: later(0.25) }, key: `offline-${clock}-back` },
      { field: 'clockOut', input: { at: later(2) }, key: `offline-${clock}-out` },
    ];
    const first: Array<Record<string, any>> = [];
    for (const item of outbox) first.push(await punch(item.field, item.input, item.key));
    expect(first.map((result) => result.__typename)).toEqual(['Shift', 'Shift', 'Shift', 'Shift']);
    // ...and, the answers having been lost, the whole outbox is sent again, twice over, partly at once.
    for (const item of outbox) expect(await punch(item.field, item.input, item.key)).toMatchObject({ id: first[0]!.id, version: 4, workedHours: 4 });
    await Promise.all(outbox.map((item) => punch(item.field, item.input, item.key)));
    const [stored] = await server.app.services.db.select().from(shifts).where(eq(shifts.id, first[0]!.id));
    expect(stored?.version).toBe(4);
    expect((await server.app.services.db.select().from(punches).where(eq(punches.shiftId, first[0]!.id))).length).toBe(4);
    // The same key for another request is refused.
    expect(await punch('clockIn', { at: later(1) }, outbox[0]!.key)).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });
    const marker = await punch('clockIn', { at: later(0) });
    await watcher.waitForId(marker.id);
    expect(watcher.events.filter((event) => event.id === first[0]!.id).map((event) => event.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE']);
    await punch('clockOut', { at: later(0.5) });
    watcher.close();
  });

  it('closing a shift by correction during a break ends the break with it', async () => {
    const shift = await punch('clockIn', { at: later(1) });
    await punch('startBreak', { at: later(2) });
    const endedAt = later(0.5);
    const { r: closed } = await as(server.tokens.supervisor, `mutation ($id: ID!, $input: CorrectShiftInput!) { r: correctShift(id: $id, version: 2, input: $input, reason: "Left during the break") { ${correctionFields} } }`, {
      id: shift.id,
      input: { endedAt },
    });
    expect(closed).toMatchObject({ __typename: 'Shift', endedAt, workedHours: 2, breaks: [{ endedAt }] });
    expect((await as(server.tokens.employee, '{ currentShift { id } }')).currentShift).toBeNull();
  });

  it('two clock-ins at once open one shift; the database allows no second open shift', async () => {
    const at = later(1);
    const results = await Promise.all([punch('clockIn', { at }), punch('clockIn', { at }), punch('clockIn', { at })]);
    expect(results.map((result) => result.__typename).sort()).toEqual(['ClockStateError', 'ClockStateError', 'Shift']);
    const open = await server.app.services.db.select().from(shifts).where(sql`${shifts.employeeId} = ${ids.employee} and ${shifts.endedAt} is null`);
    expect(open.length).toBe(1);
    // Even a write that skipped the domain's lock could not add a second one.
    await expect(
      server.app.services.db.insert(shifts).values({ id: 'shf_direct', employeeId: ids.employee, costCenterId: ids.field, timeZone: 'UTC', startedAt: new Date() }),
    ).rejects.toThrow();
    await punch('clockOut', { at: later(1) });
  });

  it('a forgotten open shift is flagged, stays open, and a supervisor closes it with a correction in the history', async () => {
    const startedAt = new Date(Date.now() - 20 * hour).toISOString();
    const shift = await punchAs(priyaToken, 'clockIn', { at: startedAt, timeZone: 'Europe/London' });
    expect(shift).toMatchObject({ state: 'ON_THE_CLOCK', forgotten: true, endedAt: null });
    const board = (await as(server.tokens.supervisor, '{ clockBoard { entries { employee { id } state shift { id forgotten } } } }')).clockBoard;
    expect(board.entries).toContainEqual({ employee: { id: priyaId }, state: 'ON_THE_CLOCK', shift: { id: shift.id, forgotten: true } });
    const forgotten = (await as(server.tokens.supervisor, '{ shifts(filter: { forgotten: true }) { nodes { id } } }')).shifts.nodes;
    expect(forgotten).toEqual([{ id: shift.id }]);
    // A colleague's board holds only themselves.
    const own = (await as(server.tokens.employee, '{ clockBoard { entries { employee { id } } } }')).clockBoard;
    expect(own.entries.every((entry: { employee: { id: string } }) => entry.employee.id === ids.employee)).toBe(true);

    const correct = (token: string, input: Record<string, unknown>, version = shift.version, reason = 'Forgot to clock out') =>
      as(token, `mutation ($id: ID!, $version: Int!, $input: CorrectShiftInput!, $reason: String!) { r: correctShift(id: $id, version: $version, input: $input, reason: $reason) { ${correctionFields} ... on VersionConflictError { expectedVersion } } }`, {
        id: shift.id, version, input, reason,
      }).then((data) => data.r);
    const endedAt = new Date(Date.parse(startedAt) + 8 * hour).toISOString();
    expect(await correct(priyaToken, { endedAt })).toMatchObject({ __typename: 'ForbiddenError' });
    expect(await correct(server.tokens.employee, { endedAt })).toMatchObject({ __typename: 'NotFoundError' });
    expect(await correct(server.tokens.supervisor, { endedAt: new Date(Date.now() + 5 * hour).toISOString() })).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'endedAt' }] });
    expect(await correct(server.tokens.supervisor, { endedAt }, shift.version, ' ')).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'reason' }] });
    const outside = [{ startedAt: new Date(Date.parse(startedAt) - hour).toISOString(), endedAt: startedAt }];
    expect(await correct(server.tokens.supervisor, { endedAt, breaks: outside })).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'breaks' }] });
    const tooMany = Array.from({ length: 51 }, () => ({ startedAt, endedAt: startedAt }));
    expect(await correct(server.tokens.supervisor, { endedAt, breaks: tooMany })).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'breaks' }] });
    const closed = await correct(server.tokens.supervisor, { endedAt, breaks: [{ startedAt: new Date(Date.parse(startedAt) + 4 * hour).toISOString(), endedAt: new Date(Date.parse(startedAt) + 4.5 * hour).toISOString() }] });
    expect(closed).toMatchObject({ __typename: 'Shift', endedAt, workedHours: 7.5, forgotten: false, version: shift.version + 1 });
    expect(closed.entries.reduce((sum: number, entry: { hours: number }) => sum + entry.hours, 0)).toBe(7.5);
    // The raw punch is unchanged; the history names who corrected it and why.
    expect(closed.punches).toEqual([expect.objectContaining({ kind: 'CLOCK_IN', deviceAt: startedAt })]);
    const history = (await as(server.tokens.supervisor, 'query ($id: ID!) { node(id: $id) { history { nodes { action reason actor { name } changes { field } } } } }', { id: shift.id })).node.history.nodes;
    expect(history[0]).toMatchObject({ action: 'UPDATE', reason: 'Forgot to clock out', actor: { name: 'Sam Supervisor' } });
    expect(history[0].changes.map((change: { field: string }) => change.field)).toEqual(expect.arrayContaining(['endedAt', 'breaks']));
    expect(await correct(server.tokens.supervisor, { note: 'x' })).toMatchObject({ __typename: 'VersionConflictError', expectedVersion: shift.version });

    // A correction that would overlap another of her shifts is refused.
    const next = await punchAs(priyaToken, 'clockIn', { at: new Date(Date.parse(endedAt) + hour).toISOString(), timeZone: 'Europe/London' });
    await punchAs(priyaToken, 'clockOut', { at: new Date(Date.parse(endedAt) + 2 * hour).toISOString(), timeZone: 'Europe/London' });
    const overlap = await correct(server.tokens.supervisor, { endedAt: new Date(Date.parse(endedAt) + 1.5 * hour).toISOString() }, closed.version);
    expect(overlap).toMatchObject({ __typename: 'ShiftOverlapError', other: { id: next.id } });
  });

  it('a correction splits a shift at midnight in its zone, across a daylight-saving change, and moves its entries with it', async () => {
    const shift = await punchAs(priyaToken, 'clockIn', { at: new Date(Date.now() - 2 * hour).toISOString(), timeZone: 'America/New_York' });
    const correct = (version: number, input: Record<string, unknown>) =>
      as(server.tokens.admin, `mutation ($id: ID!, $version: Int!, $input: CorrectShiftInput!) { r: correctShift(id: $id, version: $version, input: $input, reason: "Logged on paper") { ${correctionFields} } }`, { id: shift.id, version, input }).then((data) => data.r);
    // 8 pm EST on Saturday 7 March 2026 to 8 am EDT on Sunday: clocks went forward at 2 am, so 11 real hours.
    const dst = await correct(shift.version, { startedAt: '2026-03-08T01:00:00.000Z', endedAt: '2026-03-08T12:00:00.000Z', breaks: [{ startedAt: '2026-03-08T05:00:00.000Z', endedAt: '2026-03-08T05:30:00.000Z' }] });
    expect(dst.__typename, dst.message).toBe('Shift');
    expect(dst.entries.map((entry: { date: string; hours: number }) => [entry.date, entry.hours])).toEqual([
      ['2026-03-07', 4],
      ['2026-03-08', 6.5],
    ]);
    // The fall-back night: 10 pm EDT on Saturday 2 November 2024 to 6 am EST: 9 real hours, 7 of them on Sunday.
    const fallBack = await correct(dst.version, { startedAt: '2024-11-03T02:00:00.000Z', endedAt: '2024-11-03T11:00:00.000Z', breaks: [] });
    expect(fallBack.__typename, fallBack.message).toBe('Shift');
    expect(fallBack.entries.map((entry: { date: string; hours: number }) => [entry.date, entry.hours])).toEqual([
      ['2024-11-02', 2],
      ['2024-11-03', 7],
    ]);
    // The March entries are gone, not left behind.
    const march = (await as(server.tokens.admin, 'query ($id: ID!) { timeEntries(filter: { employeeId: $id, from: "2026-03-07", to: "2026-03-08" }) { nodes { id shiftId } } }', { id: priyaId })).timeEntries.nodes;
    expect(march.filter((entry: { shiftId: string | null }) => entry.shiftId === shift.id)).toEqual([]);
  });

  it('an approved week refuses punches and corrections that would change it, with LockedError', async () => {
    const { shift } = await (async () => {
      const at = new Date(Date.now() - 3 * hour);
      const created = await punchAs(priyaToken, 'clockIn', { at: at.toISOString(), timeZone: 'UTC' });
      return { shift: await punchAs(priyaToken, 'clockOut', { at: new Date(at.getTime() + hour).toISOString(), timeZone: 'UTC' }) ?? created };
    })();
    const date = shift.entries[0].date as string;
    const sheet = (await as(server.tokens.admin, 'query ($e: ID!, $d: Date!) { timesheets(filter: { employeeId: $e, from: $d, to: $d }) { nodes { id version status } } }', { e: priyaId, d: date })).timesheets.nodes[0];
    // The demo data may have submitted this week already (its weeks' states follow the day it is seeded on).
    const submitted =
      sheet.status === 'SUBMITTED' ? sheet : (await as(priyaToken, 'mutation ($id: ID!, $v: Int!) { submitTimesheet(id: $id, version: $v) { ... on Timesheet { version } } }', { id: sheet.id, v: sheet.version })).submitTimesheet;
    const approved = (await as(server.tokens.supervisor, 'mutation ($id: ID!, $v: Int!) { approveTimesheet(id: $id, version: $v) { ... on Timesheet { status } } }', { id: sheet.id, v: submitted.version })).approveTimesheet;
    expect(approved).toEqual({ status: 'APPROVED' });
    const before = await tableCounts(server.app.services.db);
    expect(await punchAs(priyaToken, 'clockIn', { at: new Date(Date.now() - hour).toISOString(), timeZone: 'UTC' })).toMatchObject({ __typename: 'LockedError', status: 'APPROVED' });
    const corrected = await as(server.tokens.supervisor, `mutation ($id: ID!, $version: Int!) { r: correctShift(id: $id, version: $version, input: { note: "Moved" }, reason: "Typo") { ${correctionFields} } }`, { id: shift.id, version: shift.version });
    expect(corrected.r).toMatchObject({ __typename: 'LockedError', status: 'APPROVED' });
    expect(await tableCounts(server.app.services.db)).toEqual(before);
  });

  it('a correction racing the approval of its week: one wins, the other gets a typed error, nothing half-done', async () => {
    await punch('clockIn', { at: later(1) });
    const shift = await punch('clockOut', { at: later(1) });
    const date = shift.entries[0].date as string;
    const sheet = (await as(server.tokens.employee, 'query ($d: Date!) { timesheets(filter: { from: $d, to: $d }) { nodes { id version status } } }', { d: date })).timesheets.nodes[0];
    // The demo data may have submitted this week already.
    const submitted =
      sheet.status === 'SUBMITTED' ? sheet : (await as(server.tokens.employee, 'mutation ($id: ID!, $v: Int!) { r: submitTimesheet(id: $id, version: $v) { __typename ... on Timesheet { version } } }', { id: sheet.id, v: sheet.version })).r;
    expect(submitted).toMatchObject({ version: expect.any(Number) });
    const [approved, corrected] = await Promise.all([
      as(server.tokens.supervisor, 'mutation ($id: ID!, $v: Int!) { r: approveTimesheet(id: $id, version: $v) { __typename } }', { id: sheet.id, v: submitted.version }),
      as(server.tokens.admin, `mutation ($id: ID!, $version: Int!) { r: correctShift(id: $id, version: $version, input: { note: "Raced" }, reason: "Race") { ${correctionFields} } }`, { id: shift.id, version: shift.version }),
    ]);
    const outcome = [approved.r.__typename, corrected.r.__typename];
    expect([
      ['Timesheet', 'LockedError'],
      ['NodeVersionConflictError', 'Shift'],
    ]).toContainEqual(outcome);
    const entries = (await as(server.tokens.admin, 'query ($id: ID!) { node(id: $id) { ... on Shift { note entries { notes status } } } }', { id: shift.id })).node;
    if (outcome[0] === 'Timesheet') expect(entries).toMatchObject({ note: '', entries: [{ notes: '', status: 'APPROVED' }] });
    else expect(entries).toMatchObject({ note: 'Raced', entries: [{ notes: 'Raced', status: 'SUBMITTED' }] });
  });

  it('weekly overtime past the threshold is computed on the timesheet', async () => {
    const monday = '2025-06-02';
    for (let day = 0; day < 5; day++) {
      await as(server.tokens.employee, 'mutation ($input: CreateTimeEntryInput!) { createTimeEntry(input: $input) { __typename } }', { input: { costCenterId: ids.field, date: `2025-06-0${2 + day}`, hours: 9 } });
    }
    await as(server.tokens.employee, 'mutation ($input: CreateTimeEntryInput!) { createTimeEntry(input: $input) { __typename } }', { input: { costCenterId: ids.field, date: '2025-06-06', hours: 8, timeCategory: 'LEAVE' } });
    const sheet = (await as(server.tokens.supervisor, 'query ($e: ID!, $d: Date!) { timesheets(filter: { employeeId: $e, from: $d, to: $d }) { nodes { hours overtime { workedHours regularHours overtimeHours thresholdHours } } } }', { e: ids.employee, d: monday })).timesheets.nodes[0];
    expect(sheet).toEqual({ hours: 53, overtime: { workedHours: 45, regularHours: 40, overtimeHours: 5, thresholdHours: 40 } });
  });
});
