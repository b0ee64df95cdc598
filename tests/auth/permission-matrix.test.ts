import { randomUUID } from 'node:crypto';
import dayjs from 'dayjs';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { receipts, shifts } from '../../server/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertAccountChangeAllowed } from '../../server/auth/rules';
import type { ProtectedAccountError } from '../../server/domain/errors';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { subscribe } from '../support/subscriber';
import { postUpload } from '../support/upload';
import { startTestServer, type TestServer } from '../support/test-server';

type Role = 'admin' | 'supervisor' | 'employee';
type Target = 'own' | 'inScope' | 'outOfScope';
type DataType = 'MILEAGE' | 'RECEIPT' | 'TIME_TRACKING' | 'EMPLOYEE';
const roles: Role[] = ['admin', 'supervisor', 'employee'];
const targets: Target[] = ['own', 'inScope', 'outOfScope'];
const operations = ['list', 'node', 'totals', 'create', 'update', 'delete', 'changes', 'subscription'] as const;
type Operation = (typeof operations)[number];

const entryTypes = {
  MILEAGE: { typename: 'MileageEntry', list: 'mileageEntries', count: 'mileageCount', input: { startLocation: 'A', endLocation: 'B', miles: 3, purpose: 'Matrix' } },
  RECEIPT: { typename: 'Receipt', list: 'receipts', count: 'receiptCount', input: { amountCents: 100, vendor: 'Matrix', category: 'OTHER' } },
  TIME_TRACKING: { typename: 'TimeEntry', list: 'timeEntries', count: 'timeEntryCount', input: { hours: 1 } },
} as const;

/**
 * DESIGN.md "Who sees what": EMPLOYEE own entries; SUPERVISOR the employees of the cost centers they
 * supervise (and themselves); ADMIN everything. Employee records are written by admins only.
 */
function allowed(role: Role, type: DataType, target: Target, operation: Operation): boolean {
  if (role === 'admin') return true;
  const visible = target === 'own' || (role === 'supervisor' && target === 'inScope');
  if (type === 'EMPLOYEE' && ['create', 'update', 'delete'].includes(operation)) return false;
  return visible;
}

type Status = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'REIMBURSED';
type Step = 'submit' | 'approve' | 'reject' | 'reimburse' | 'reopen';
const statuses: Status[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'REIMBURSED'];
const steps: Step[] = ['submit', 'approve', 'reject', 'reimburse', 'reopen'];

/**
 * The review workflow, written out from the issue independently of the implementation: the owner
 * submits a draft or a rejected entry; a supervisor of the owner or an admin approves or rejects a
 * submitted one, never their own; an admin reimburses an approved one (not a week of hours) and reopens
 * an approved or reimbursed one. Approved and reimbursed records cannot be edited or deleted.
 */
function stepAllowed(role: Role, target: Target, status: Status, step: Step, week: boolean): boolean {
  const visible = role === 'admin' || target === 'own' || (role === 'supervisor' && target === 'inScope');
  if (!visible) return false;
  const from: Record<Step, Status[]> = { submit: ['DRAFT', 'REJECTED'], approve: ['SUBMITTED'], reject: ['SUBMITTED'], reimburse: week ? [] : ['APPROVED'], reopen: ['APPROVED', 'REIMBURSED'] };
  if (!from[step].includes(status)) return false;
  if (step === 'submit') return target === 'own';
  if (step === 'approve' || step === 'reject') return target !== 'own' && role !== 'employee';
  return role === 'admin';
}

const viewerStub = { employeeId: '', name: 'Matrix', role: 'ADMIN' as const, sessionId: 'matrix', sessionExpiresAt: new Date(8.64e15) };

const editAllowed = (role: Role, target: Target, status: Status) =>
  allowed(role, 'MILEAGE', target, 'update') && status !== 'APPROVED' && status !== 'REIMBURSED';

describe.each(engines)('permission matrix on $name', (engine) => {
  let server: TestServer;
  let owners: Record<Role, Record<Target, string>>;
  let costCenterOf: Record<string, string>;
  /** What each role's dataChanged subscription (all types) received during the whole test. */
  let subscriptions: Record<Role, ReturnType<typeof subscribe>>;
  let startCursor: string;
  const results: Array<{ role: Role; type: DataType; target: Target; operation: Operation; allowed: boolean; observed: boolean }> = [];
  let dayCounter = 0;

  const as = (role: Role, query: string, variables: Record<string, unknown> = {}) => graphqlData<any>(server.url, query, variables, server.tokens[role]);
  /** A day no other fixture uses, so a date filter isolates one fixture. */
  const uniqueDate = () => dayjs('2001-01-01').add(dayCounter++, 'day').format('YYYY-MM-DD');

  /** Puts a receipt straight into a review state (the workflow itself is tested elsewhere). */
  const setReceiptStatus = (id: string, status: Status) =>
    server.app.services.db.update(receipts).set({ status, submittedAt: status === 'DRAFT' ? null : new Date() }).where(eq(receipts.id, id));

  beforeAll(async () => {
    server = await startTestServer(engine);
    const ids = await demoIds(server.app.services.db);
    // Colleague of the demo employee in FIELD (visible to the supervisor, not to the employee).
    const priya = (await as('admin', '{ employees(filter: { search: "priya" }) { nodes { id } } }')).employees.nodes[0].id as string;
    owners = {
      admin: { own: ids.admin, inScope: ids.salesEmployee, outOfScope: ids.opsEmployee },
      supervisor: { own: ids.supervisor, inScope: ids.salesEmployee, outOfScope: ids.opsEmployee },
      employee: { own: ids.employee, inScope: priya, outOfScope: ids.opsEmployee },
    };
    costCenterOf = { [ids.admin]: (await as('admin', '{ costCenters { id code } }')).costCenters.find((c: { code: string }) => c.code === 'ADMIN').id, [ids.supervisor]: ids.field, [ids.salesEmployee]: ids.sales, [ids.opsEmployee]: ids.ops, [ids.employee]: ids.field, [priya]: ids.field };
    startCursor = (await as('admin', '{ syncCursor }')).syncCursor;
    const fromStart = { after: startCursor };
    subscriptions = {
      admin: subscribe(server.wsUrl, server.tokens.admin, fromStart),
      supervisor: subscribe(server.wsUrl, server.tokens.supervisor, fromStart),
      employee: subscribe(server.wsUrl, server.tokens.employee, fromStart),
    };
    await Promise.all(Object.values(subscriptions).map((subscription) => subscription.ready));
  });
  afterAll(async () => {
    for (const subscription of Object.values(subscriptions ?? {})) subscription.close();
    await server?.stop();
  });

  it.each(Object.keys(entryTypes) as Array<keyof typeof entryTypes>)('%s: each role reads and writes exactly what the rules allow', async (type) => {
    const spec = entryTypes[type];
    const fields = `__typename ... on Node { id version } ... on Error { message }`;
    for (const role of roles) {
      for (const target of targets) {
        const owner = owners[role][target];
        const date = uniqueDate();
        const input = { ...spec.input, employeeId: owner, costCenterId: costCenterOf[owner], date };
        const create = (token: Role) => as(token, `mutation ($input: Create${spec.typename}Input!) { r: create${spec.typename}(input: $input) { ${fields} } }`, { input }).then((data) => data.r);
        const fixture = await create('admin');
        const victim = await create('admin');
        const record = (operation: Operation, observed: boolean) => results.push({ role, type, target, operation, allowed: allowed(role, type, target, operation), observed });

        const list = await as(role, `query ($filter: EntryFilter) { l: ${spec.list}(filter: $filter, first: 1000) { nodes { id } } }`, { filter: { employeeId: owner, from: date, to: date } });
        record('list', list.l.nodes.some((node: { id: string }) => node.id === fixture.id));
        const node = await as(role, 'query ($id: ID!) { node(id: $id) { id } }', { id: fixture.id });
        record('node', node.node?.id === fixture.id);
        const totals = await as(role, `query ($filter: EntryFilter) { totals(filter: $filter) { ${spec.count} } }`, { filter: { employeeId: owner, from: date, to: date } });
        record('totals', totals.totals[spec.count] > 0);
        const created = await create(role);
        record('create', created.__typename === spec.typename);
        const updated = await as(role, `mutation ($id: ID!) { r: update${spec.typename}(id: $id, version: 1, input: { date: "${date}" }) { ${fields} } }`, { id: fixture.id });
        record('update', updated.r.__typename === spec.typename);
        const deleted = await as(role, `mutation ($id: ID!) { r: delete${spec.typename}(id: $id, version: 1) { __typename } }`, { id: victim.id });
        record('delete', deleted.r.__typename === 'DeletedEntity');
        if (!['DeletedEntity'].includes(deleted.r.__typename)) expect(['NotFoundError', 'ForbiddenError']).toContain(deleted.r.__typename);
        if (created.__typename !== spec.typename) expect(created.__typename).toBe('ForbiddenError');
      }
    }
  });

  it('EMPLOYEE: each role reads employee records within its scope; only admins write them', async () => {
    const fields = '__typename ... on Node { id version } ... on Error { message }';
    for (const role of roles) {
      for (const target of targets) {
        const owner = owners[role][target];
        const record = (operation: Operation, observed: boolean) => results.push({ role, type: 'EMPLOYEE', target, operation, allowed: allowed(role, 'EMPLOYEE', target, operation), observed });
        const list = await as(role, '{ employees(first: 1000) { nodes { id } } }');
        record('list', list.employees.nodes.some((node: { id: string }) => node.id === owner));
        const node = await as(role, 'query ($id: ID!) { node(id: $id) { id } }', { id: owner });
        record('node', node.node?.id === owner);
        const current = (await as('admin', 'query ($id: ID!) { node(id: $id) { ... on Employee { version name } } }', { id: owner })).node;
        const updated = await as(role, `mutation ($id: ID!, $version: Int!, $name: String!) { r: updateEmployee(id: $id, version: $version, input: { name: $name }) { ${fields} } }`, { id: owner, version: current.version, name: current.name });
        record('update', updated.r.__typename === 'Employee');
        const email = `matrix.${role}.${target}@staffsync.example`;
        const created = await as(role, `mutation ($email: String!) { r: createEmployee(input: { name: "Matrix", email: $email }) { ${fields} } }`, { email });
        record('create', created.r.__typename === 'Employee');
        const victim = created.r.__typename === 'Employee' ? created.r : (await as('admin', `mutation ($email: String!) { r: createEmployee(input: { name: "Victim", email: $email }) { ${fields} } }`, { email })).r;
        const deleted = await as(role, 'mutation ($id: ID!, $version: Int!) { r: deleteEmployee(id: $id, version: $version) { __typename } }', { id: victim.id, version: victim.version });
        // Deleting a new employee outside the scope is "not found"; only admins may delete at all.
        record('delete', deleted.r.__typename === 'DeletedEntity');
        if (deleted.r.__typename !== 'DeletedEntity') await as('admin', 'mutation ($id: ID!, $version: Int!) { deleteEmployee(id: $id, version: $version) { __typename } }', { id: victim.id, version: victim.version });
      }
    }
  });

  it('EMPLOYEE: nobody deletes, demotes or deactivates their own account, and the last active admin stays', async () => {
    const fields = '__typename ... on Node { id version } ... on ProtectedAccountError { reason } ... on Error { message }';
    const ids = await demoIds(server.app.services.db);
    const accountOf = async (id: string) =>
      (await as('admin', 'query ($id: ID!) { node(id: $id) { ... on Employee { id version name role active } } }', { id })).node as { id: string; version: number; name: string; role: string; active: boolean };
    const update = async (token: string, id: string, input: Record<string, unknown>) =>
      (await graphqlData<any>(server.url, `mutation ($id: ID!, $version: Int!, $input: UpdateEmployeeInput!) { r: updateEmployee(id: $id, version: $version, input: $input) { ${fields} } }`, { id, version: (await accountOf(id)).version, input }, token)).r;
    const remove = async (token: string, id: string) =>
      (await graphqlData<any>(server.url, `mutation ($id: ID!, $version: Int!) { r: deleteEmployee(id: $id, version: $version) { ${fields.replace('... on Node { id version } ', '')} } }`, { id, version: (await accountOf(id)).version }, token)).r;
    const cases: Array<{ case: string; expected: string; observed: string }> = [];
    const check = (name: string, expected: string, result: { __typename: string; reason?: string }) =>
      cases.push({ case: name, expected, observed: result.reason ? `${result.__typename}:${result.reason}` : result.__typename });

    const admin = server.tokens.admin;
    check('admin deletes own account', 'ProtectedAccountError:OWN_ACCOUNT', await remove(admin, ids.admin));
    check('admin demotes self to supervisor', 'ProtectedAccountError:OWN_ACCOUNT', await update(admin, ids.admin, { role: 'SUPERVISOR' }));
    check('admin deactivates self', 'ProtectedAccountError:OWN_ACCOUNT', await update(admin, ids.admin, { active: false }));
    check('admin renames self', 'Employee', await update(admin, ids.admin, { name: (await accountOf(ids.admin)).name }));
    check('supervisor demotes self', 'ForbiddenError', await update(server.tokens.supervisor, ids.supervisor, { role: 'EMPLOYEE' }));
    // No request can reach it while the demo admin is the only one (only admins write employees); the rule holds anyway.
    const lastAdmin = await assertAccountChangeAllowed(server.app.services.db, { ...viewerStub, employeeId: ids.supervisor }, ids.admin, { role: 'ADMIN', active: true }, null).then(
      () => ({ __typename: 'allowed' }),
      (error: ProtectedAccountError) => ({ __typename: error.name, reason: error.reason }),
    );
    check('anyone removes the last active admin', 'ProtectedAccountError:LAST_ADMIN', lastAdmin);

    // With a second admin, either may demote or deactivate the other (tests/auth/admin-race.test.ts: not both at once).
    const password = 'matrix-password-2';
    const second = (await as('admin', `mutation ($password: String!) { r: createEmployee(input: { name: "Second Admin", email: "second.admin@staffsync.example", role: ADMIN, password: $password }) { ... on Employee { id } } }`, { password })).r;
    check('admin demotes another admin', 'Employee', await update(admin, second.id, { role: 'SUPERVISOR' }));
    check('admin promotes them back', 'Employee', await update(admin, second.id, { role: 'ADMIN' }));
    check('admin deactivates another admin', 'Employee', await update(admin, second.id, { active: false }));
    check('admin reactivates them', 'Employee', await update(admin, second.id, { active: true }));
    const signIn = await graphqlData<any>(server.url, 'mutation ($password: String!) { login(email: "second.admin@staffsync.example", password: $password) { ... on Session { token } } }', { password });
    const secondToken = signIn.login.token as string;

    check('second admin deletes own account', 'ProtectedAccountError:OWN_ACCOUNT', await remove(secondToken, second.id));
    check('admin removes the second admin', 'DeletedEntity', await remove(admin, second.id));

    expect(cases.filter((result) => result.expected !== result.observed)).toEqual([]);
    expect((await accountOf(ids.admin)).role).toBe('ADMIN');
  });

  it('delivers through changes and subscriptions exactly the events each role may see', async () => {
    // Every entity written above, with its type and owner, from the log as the admin sees it.
    const all: Array<{ id: string; type: DataType; employeeId: string | null }> = [];
    let after = startCursor;
    for (;;) {
      const { changes } = await as('admin', 'query ($after: String) { changes(after: $after, first: 1000) { ... on ChangePage { endCursor hasMore changes { id type employeeId } } } }', { after });
      all.push(...changes.changes);
      after = changes.endCursor;
      if (!changes.hasMore) break;
    }
    expect(all.length).toBeGreaterThan(100);
    // Written last and seen by every role: once each subscription has it, everything before it has arrived.
    const { createTimeEntry: marker } = await as('employee', 'mutation ($input: CreateTimeEntryInput!) { createTimeEntry(input: $input) { ... on TimeEntry { id } } }', {
      input: { costCenterId: costCenterOf[owners.employee.own], date: '2026-01-05', hours: 1 },
    });
    await Promise.all(Object.values(subscriptions).map((subscription) => subscription.waitForId(marker.id, 20_000)));

    for (const role of roles) {
      const seenByChanges = new Set<string>();
      let cursor = startCursor;
      for (;;) {
        const { changes } = await as(role, 'query ($after: String) { changes(after: $after, first: 1000) { ... on ChangePage { endCursor hasMore changes { id type employeeId } } } }', { after: cursor });
        for (const change of changes.changes) seenByChanges.add(`${change.type}:${change.id}`);
        cursor = changes.endCursor;
        if (!changes.hasMore) break;
      }
      const seenBySubscription = new Set(subscriptions[role].events.map((event) => `${event.type}:${event.id}`));
      for (const target of targets) {
        const owner = owners[role][target];
        for (const type of ['MILEAGE', 'RECEIPT', 'TIME_TRACKING'] as DataType[]) {
          const events = all.filter((event) => event.type === type && event.employeeId === owner);
          expect(events.length).toBeGreaterThan(0);
          const expected = allowed(role, type, target, 'changes');
          // Allowed: every event arrived. Refused: not a single one did.
          const delivered = (seen: Set<string>) =>
            expected ? events.every((event) => seen.has(`${type}:${event.id}`)) : events.some((event) => seen.has(`${type}:${event.id}`));
          results.push({ role, type, target, operation: 'changes', allowed: expected, observed: delivered(seenByChanges) });
          results.push({ role, type, target, operation: 'subscription', allowed: expected, observed: delivered(seenBySubscription) });
        }
      }
      // The hard rule: nothing about another employee ever reaches an employee's socket.
      if (role === 'employee') {
        expect(subscriptions.employee.events.every((event) => (event.type === 'EMPLOYEE' ? event.id : event.employeeId) === owners.employee.own)).toBe(true);
      }
    }

    const wrong = results.filter((result) => result.allowed !== result.observed);
    expect(wrong).toEqual([]);
    // 3 roles x 3 targets x (3 entry types x 8 operations + employee records x 5 operations)
    expect(results.length).toBe(3 * 3 * (3 * 8 + 5));
  });

  it('TIME_CLOCK: shifts are read in scope, punches are always one\'s own, corrections are a supervisor\'s in scope or an admin\'s (never one\'s own)', async () => {
    const clockResults: Array<{ case: string; allowed: boolean; observed: boolean }> = [];
    const record = (name: string, expected: boolean, observed: boolean) => clockResults.push({ case: name, allowed: expected, observed });
    const visible = (role: Role, target: Target) => role === 'admin' || target === 'own' || (role === 'supervisor' && target === 'inScope');
    const fields = '__typename ... on Node { id version } ... on Error { message }';
    const cursor = (await as('admin', '{ syncCursor }')).syncCursor;
    let day = 0;
    /** A closed shift of `owner` on a day of 2019 no other fixture uses (written directly: only its owner can punch). */
    const fixture = async (owner: string) => {
      const startedAt = new Date(Date.UTC(2019, 0, 1 + day++, 9));
      const id = `shf_${randomUUID()}`;
      await server.app.services.db.insert(shifts).values({ id, employeeId: owner, costCenterId: costCenterOf[owner]!, timeZone: 'UTC', startedAt, endedAt: new Date(startedAt.getTime() + 3_600_000) });
      return { id, startedAt: startedAt.toISOString() };
    };
    const correct = (role: Role, id: string) =>
      as(role, `mutation ($id: ID!) { r: correctShift(id: $id, version: 1, input: { note: "Matrix" }, reason: "Matrix") { ${fields} } }`, { id }).then((data) => data.r);
    // Every owner has TIME_CLOCK events: the employee's colleague only through an admin's correction.
    expect((await correct('admin', (await fixture(owners.employee.inScope)).id)).__typename).toBe('Shift');

    for (const role of roles) {
      const punched = (field: string, at: Date) => as(role, `mutation ($at: DateTime!) { r: ${field}(input: { at: $at, timeZone: "UTC" }) { ${fields} } }`, { at: at.toISOString() }).then((data) => data.r);
      const clockedIn = await punched('clockIn', new Date(Date.now() - 60_000));
      const clockedOut = await punched('clockOut', new Date());
      record(`punch own by ${role}`, true, clockedIn.__typename === 'Shift' && clockedOut.__typename === 'Shift');
      for (const target of targets) {
        const owner = owners[role][target];
        const shift = await fixture(owner);
        const list = await as(role, 'query ($filter: ShiftFilter) { shifts(filter: $filter) { nodes { id } } }', { filter: { employeeId: owner, from: shift.startedAt, to: shift.startedAt } });
        record(`list ${target} by ${role}`, visible(role, target), list.shifts.nodes.some((node: { id: string }) => node.id === shift.id));
        const node = await as(role, 'query ($id: ID!) { node(id: $id) { id } }', { id: shift.id });
        record(`node ${target} by ${role}`, visible(role, target), node.node?.id === shift.id);
        const corrected = await correct(role, shift.id);
        record(`correct ${target} by ${role}`, visible(role, target) && role !== 'employee' && target !== 'own', corrected.__typename === 'Shift');
        if (corrected.__typename !== 'Shift') expect(['NotFoundError', 'ForbiddenError']).toContain(corrected.__typename);
      }
    }

    const all: Array<{ id: string; employeeId: string }> = [];
    for (let after = cursor; ; ) {
      const { changes } = await as('admin', 'query ($after: String) { changes(after: $after, types: [TIME_CLOCK], first: 1000) { ... on ChangePage { endCursor hasMore changes { id employeeId } } } }', { after });
      all.push(...changes.changes);
      after = changes.endCursor;
      if (!changes.hasMore) break;
    }
    const { createTimeEntry: marker } = await as('employee', 'mutation ($input: CreateTimeEntryInput!) { createTimeEntry(input: $input) { ... on TimeEntry { id } } }', {
      input: { costCenterId: costCenterOf[owners.employee.own], date: '2026-01-06', hours: 1 },
    });
    await Promise.all(Object.values(subscriptions).map((subscription) => subscription.waitForId(marker.id, 20_000)));
    for (const role of roles) {
      const { changes } = await as(role, 'query ($after: String) { changes(after: $after, types: [TIME_CLOCK], first: 1000) { ... on ChangePage { changes { id } } } }', { after: cursor });
      const seenByChanges = new Set<string>(changes.changes.map((change: { id: string }) => change.id));
      const seenBySubscription = new Set(subscriptions[role].events.filter((event) => event.type === 'TIME_CLOCK').map((event) => event.id));
      for (const target of targets) {
        const events = all.filter((event) => event.employeeId === owners[role][target]);
        expect(events.length).toBeGreaterThan(0);
        const delivered = (seen: Set<string>) => (visible(role, target) ? events.every((event) => seen.has(event.id)) : events.some((event) => seen.has(event.id)));
        record(`changes of ${target} for ${role}`, visible(role, target), delivered(seenByChanges));
        record(`subscription of ${target} for ${role}`, visible(role, target), delivered(seenBySubscription));
      }
    }
    expect(clockResults.filter((result) => result.allowed !== result.observed)).toEqual([]);
    // 3 roles x (own punches + 3 targets x (list, node, correct, changes, subscription))
    expect(clockResults.length).toBe(3 * (1 + 3 * 5));
  });

  describe('review workflow', () => {
    const reviewResults: Array<{ case: string; allowed: boolean; observed: boolean }> = [];
    const record = (name: string, expected: boolean, observed: boolean) => reviewResults.push({ case: name, allowed: expected, observed });
    let weekCounter = 0;
    /** A Monday no other fixture uses. */
    const uniqueMonday = () => dayjs('2020-01-06').add(7 * weekCounter++, 'day').format('YYYY-MM-DD');

    /** Puts a fixture straight into a review state (the workflow itself is tested elsewhere). */
    const setStatus = async (table: 'mileage_entries' | 'receipts' | 'time_entries' | 'timesheets', where: ReturnType<typeof sql>, status: Status) => {
      const priced = table === 'mileage_entries' && (status === 'APPROVED' || status === 'REIMBURSED');
      await server.app.services.db.execute(sql`update ${sql.identifier(table)}
        set status = ${status}, rejection_reason = ${status === 'REJECTED' ? 'Matrix' : null},
          submitted_at = ${status === 'DRAFT' ? null : sql`now()`}
          ${priced ? sql`, rate_cents_per_mile = 72.5, reimbursement_cents = 100` : sql``}
        where ${where}`);
    };

    it.each(['MILEAGE', 'RECEIPT'] as const)('%s: each role takes exactly the review steps, edits and deletes the rules allow, in every status', async (type) => {
      const spec = entryTypes[type];
      const table = type === 'MILEAGE' ? 'mileage_entries' : 'receipts';
      const fields = '__typename ... on Node { id version } ... on Error { message }';
      for (const role of roles) {
        for (const target of targets) {
          const owner = owners[role][target];
          for (const status of statuses) {
            const fixture = async () => {
              const input = { ...spec.input, employeeId: owner, costCenterId: costCenterOf[owner], date: '2026-03-02' };
              const created = (await as('admin', `mutation ($input: Create${spec.typename}Input!) { r: create${spec.typename}(input: $input) { ${fields} } }`, { input })).r;
              await setStatus(table, sql`id = ${created.id}`, status);
              return created.id as string;
            };
            for (const step of steps) {
              const id = await fixture();
              const reason = step === 'reject' || step === 'reopen' ? ', reason: "Matrix"' : '';
              const result = (await as(role, `mutation ($id: ID!) { r: ${step}${spec.typename}(id: $id, version: 1${reason}) { ${fields} } }`, { id })).r;
              record(`${type} ${status} ${step} by ${role} on ${target}`, stepAllowed(role, target, status, step, false), result.__typename === spec.typename);
              if (result.__typename !== spec.typename) expect(['NotFoundError', 'ForbiddenError', 'IllegalTransitionError']).toContain(result.__typename);
            }
            const edited = (await as(role, `mutation ($id: ID!) { r: update${spec.typename}(id: $id, version: 1, input: { date: "2026-03-03" }) { ${fields} } }`, { id: await fixture() })).r;
            record(`${type} ${status} edit by ${role} on ${target}`, editAllowed(role, target, status), edited.__typename === spec.typename);
            const deleted = (await as(role, `mutation ($id: ID!) { r: delete${spec.typename}(id: $id, version: 1) { __typename } }`, { id: await fixture() })).r;
            record(`${type} ${status} delete by ${role} on ${target}`, editAllowed(role, target, status), deleted.__typename === 'DeletedEntity');
            if (status === 'APPROVED' && allowed(role, type, target, 'update')) expect(edited.__typename).toBe('LockedError');
          }
        }
      }
    }, 240_000);

    it('TIMESHEET: each role takes exactly the week steps the rules allow, and hours in a locked week cannot be added, changed or deleted', async () => {
      const fields = '__typename ... on Node { id version } ... on Error { message }';
      for (const role of roles) {
        for (const target of targets) {
          const owner = owners[role][target];
          for (const status of statuses.filter((candidate) => candidate !== 'REIMBURSED')) {
            const fixture = async () => {
              const monday = uniqueMonday();
              const entry = (await as('admin', `mutation ($input: CreateTimeEntryInput!) { r: createTimeEntry(input: $input) { ${fields} } }`, { input: { employeeId: owner, costCenterId: costCenterOf[owner], date: monday, hours: 1 } })).r;
              const weekOf = sql`employee_id = ${owner} and week_start = ${monday}`;
              await setStatus('timesheets', weekOf, status);
              await setStatus('time_entries', sql`id = ${entry.id}`, status);
              const sheet = (await as('admin', 'query ($filter: TimesheetFilter) { timesheets(filter: $filter) { nodes { id version } } }', { filter: { employeeId: owner, from: monday, to: monday } })).timesheets.nodes[0];
              return { monday, entry: entry.id as string, sheet: sheet as { id: string; version: number } };
            };
            for (const step of steps.filter((candidate) => candidate !== 'reimburse')) {
              const { sheet } = await fixture();
              const reason = step === 'reject' || step === 'reopen' ? ', reason: "Matrix"' : '';
              const result = (await as(role, `mutation ($id: ID!, $version: Int!) { r: ${step}Timesheet(id: $id, version: $version${reason}) { ${fields} } }`, sheet)).r;
              record(`TIMESHEET ${status} ${step} by ${role} on ${target}`, stepAllowed(role, target, status, step, true), result.__typename === 'Timesheet');
              if (result.__typename !== 'Timesheet') expect(['NotFoundError', 'ForbiddenError', 'IllegalTransitionError']).toContain(result.__typename);
            }
            const { monday, entry } = await fixture();
            const added = (await as(role, `mutation ($input: CreateTimeEntryInput!) { r: createTimeEntry(input: $input) { ${fields} } }`, { input: { employeeId: owner, costCenterId: costCenterOf[owner], date: dayjs(monday).add(1, 'day').format('YYYY-MM-DD'), hours: 1 } })).r;
            record(`TIME_TRACKING ${status} create by ${role} on ${target}`, editAllowed(role, target, status), added.__typename === 'TimeEntry');
            const edited = (await as(role, `mutation ($id: ID!) { r: updateTimeEntry(id: $id, version: 1, input: { hours: 2 }) { ${fields} } }`, { id: entry })).r;
            record(`TIME_TRACKING ${status} edit by ${role} on ${target}`, editAllowed(role, target, status), edited.__typename === 'TimeEntry');
            const deleted = (await as(role, 'mutation ($id: ID!, $version: Int!) { r: deleteTimeEntry(id: $id, version: $version) { __typename } }', { id: entry, version: edited.version ?? 1 })).r;
            record(`TIME_TRACKING ${status} delete by ${role} on ${target}`, editAllowed(role, target, status), deleted.__typename === 'DeletedEntity');
          }
        }
      }
    }, 240_000);

    it('queues, history, exports and mileage rates follow the same rules', async () => {
      for (const target of targets) {
        for (const role of roles) {
          const owner = owners[role][target];
          const input = { ...entryTypes.RECEIPT.input, employeeId: owner, costCenterId: costCenterOf[owner], date: '2026-03-04' };
          const receipt = (await as('admin', 'mutation ($input: CreateReceiptInput!) { r: createReceipt(input: $input) { ... on Receipt { id } } }', { input })).r;
          await setStatus('receipts', sql`id = ${receipt.id}`, 'SUBMITTED');
          const queue = (await as(role, '{ receiptsToApprove(first: 1000) { nodes { id } } }')).receiptsToApprove.nodes.map((node: { id: string }) => node.id);
          record(`queue of ${role} holds ${target}`, role !== 'employee' && target !== 'own' && allowed(role, 'RECEIPT', target, 'list'), queue.includes(receipt.id));
          const history = (await as(role, 'query ($id: ID!) { node(id: $id) { history { totalCount } } }', { id: receipt.id })).node;
          record(`history of ${target} for ${role}`, allowed(role, 'RECEIPT', target, 'node'), history?.history.totalCount === 1);
          const response = await fetch(`${server.url}/exports/receipts.csv?from=2026-03-04&to=2026-03-04&employeeId=${owner}`, { headers: { authorization: `Bearer ${server.tokens[role]}` } });
          record(`export of ${target} for ${role}`, allowed(role, 'RECEIPT', target, 'list'), (await response.text()).includes(receipt.id));
          const log = await fetch(`${server.url}/exports/mileage-log.csv?from=2026-03-04&to=2026-03-04&employeeId=${owner}`, { headers: { authorization: `Bearer ${server.tokens[role]}` } });
          record(`mileage log of ${target} for ${role}`, allowed(role, 'MILEAGE', target, 'list'), log.status === 200);
        }
      }
      for (const role of roles) {
        const from = dayjs('2010-01-01').add(roles.indexOf(role), 'year').format('YYYY-MM-DD');
        const created = (await as(role, 'mutation ($from: Date!) { r: createMileageRate(input: { effectiveFrom: $from, effectiveTo: $from, centsPerMile: 50 }) { __typename ... on MileageRate { id version } } }', { from })).r;
        record(`create rate by ${role}`, role === 'admin', created.__typename === 'MileageRate');
        const rate = (await as('admin', '{ mileageRates { id version effectiveFrom } }')).mileageRates.find((candidate: { effectiveFrom: string }) => candidate.effectiveFrom === '2025-01-01');
        const updated = (await as(role, 'mutation ($id: ID!, $version: Int!) { r: updateMileageRate(id: $id, version: $version, input: { note: "Matrix" }) { __typename } }', rate)).r;
        record(`update rate by ${role}`, role === 'admin', updated.__typename === 'MileageRate');
        const victim = created.__typename === 'MileageRate' ? created : (await as('admin', 'mutation ($from: Date!) { r: createMileageRate(input: { effectiveFrom: $from, effectiveTo: $from, centsPerMile: 50 }) { ... on MileageRate { id version } } }', { from })).r;
        const deleted = (await as(role, 'mutation ($id: ID!, $version: Int!) { r: deleteMileageRate(id: $id, version: $version) { __typename } }', victim)).r;
        record(`delete rate by ${role}`, role === 'admin', deleted.__typename === 'MileageRate');
        if (deleted.__typename !== 'MileageRate') await as('admin', 'mutation ($id: ID!, $version: Int!) { deleteMileageRate(id: $id, version: $version) { __typename } }', victim);
        expect((await as(role, '{ mileageRates { id } }')).mileageRates.length).toBeGreaterThan(0);
      }
    });

    it('holds for every case, and covers every case', () => {
      expect(reviewResults.filter((result) => result.allowed !== result.observed)).toEqual([]);
      // entries: 2 types x 3 roles x 3 targets x 5 statuses x (5 steps + edit + delete); weeks: 3 x 3 x 4 statuses x (4 steps + create, edit, delete);
      // then 3 x 3 x (queue, history, export, log) and 3 roles x 3 rate operations.
      expect(reviewResults.length).toBe(2 * 3 * 3 * 5 * 7 + 3 * 3 * 4 * 7 + 3 * 3 * 4 + 3 * 3);
    });
  });

  it('RECEIPT PHOTOS: creating with one follows the rules for creating, attaching and removing those for editing the receipt, opening a photo those for seeing it', async () => {
    const photoResults: Array<{ case: string; allowed: boolean; observed: boolean }> = [];
    const record = (name: string, expected: boolean, observed: boolean) => photoResults.push({ case: name, allowed: expected, observed });
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const attach = 'mutation ($id: ID!, $file: File!) { r: attachReceiptPhoto(id: $id, file: $file) { __typename ... on Receipt { photo { id } } } }';
    const remove = 'mutation ($id: ID!) { r: removeReceiptPhoto(id: $id) { __typename ... on Receipt { photo { id } } } }';
    const thumbnailOf = async (role: Role, id: string) =>
      (await as(role, 'query ($id: ID!) { node(id: $id) { ... on Receipt { photo { thumbnailUrl } } } }', { id })).node?.photo?.thumbnailUrl as string | undefined;
    const createWithPhoto = 'mutation ($input: CreateReceiptInput!, $photo: File) { r: createReceipt(input: $input, photo: $photo) { __typename ... on Receipt { photo { id } } } }';
    for (const role of roles) {
      for (const target of targets) {
        const owner = owners[role][target];
        const newInput = { ...entryTypes.RECEIPT.input, employeeId: owner, costCenterId: costCenterOf[owner], date: '2026-03-06' };
        const createdWithPhoto = (await postUpload<any>(server.url, server.tokens[role], createWithPhoto, { input: newInput }, { photo: { bytes: photo, name: 'receipt.jpg', type: 'image/jpeg' } })).body.data?.r;
        record(`create with photo ${target} by ${role}`, allowed(role, 'RECEIPT', target, 'create'), createdWithPhoto?.__typename === 'Receipt' && createdWithPhoto.photo !== null);
        for (const status of ['DRAFT', 'APPROVED'] as const) {
          const input = { ...entryTypes.RECEIPT.input, employeeId: owner, costCenterId: costCenterOf[owner], date: '2026-03-05' };
          const receipt = (await as('admin', 'mutation ($input: CreateReceiptInput!) { r: createReceipt(input: $input) { ... on Receipt { id } } }', { input })).r;
          const upload = (token: Role) => postUpload<any>(server.url, server.tokens[token], attach, { id: receipt.id }, { file: { bytes: photo, name: 'receipt.jpg', type: 'image/jpeg' } });
          // The admin's photo, for opening and removing; then the status under test.
          expect((await upload('admin')).body.data?.r.__typename).toBe('Receipt');
          const link = await thumbnailOf(role, receipt.id);
          record(`open ${target} by ${role}`, allowed(role, 'RECEIPT', target, 'node'), link !== undefined && (await fetch(`${server.url}${link}`)).status === 200);
          await setReceiptStatus(receipt.id, status);
          const attached = (await upload(role)).body.data?.r;
          record(`attach ${status} ${target} by ${role}`, editAllowed(role, target, status), attached?.__typename === 'Receipt');
          if (attached?.__typename !== 'Receipt') expect(['NotFoundError', 'ForbiddenError', 'LockedError']).toContain(attached?.__typename);
          const removed = (await as(role, remove, { id: receipt.id })).r;
          record(`remove ${status} ${target} by ${role}`, editAllowed(role, target, status), removed.__typename === 'Receipt' && removed.photo === null);
        }
      }
    }
    expect(photoResults.filter((result) => result.allowed !== result.observed)).toEqual([]);
    // 3 roles x 3 targets x (create with photo, then 2 statuses x (open, attach, remove))
    expect(photoResults.length).toBe(3 * 3 * (1 + 2 * 3));
  });
});
