import dayjs from 'dayjs';
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mileageEntries, receipts, timeEntries } from '../../server/db/schema';
import { newId } from '../../server/domain/ids';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphql, graphqlData, postGraphQL } from '../support/graphql-client';
import { startTestServer, type TestServer } from '../support/test-server';

type Ids = Awaited<ReturnType<typeof demoIds>>;

describe.each(engines)('queries on $name', (engine) => {
  let server: TestServer;
  let ids: Ids;

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
  });
  afterAll(() => server?.stop());

  it('pages through a list with cursors: every entry once, newest first', async () => {
    const seen: Array<{ id: string; date: string }> = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const data: any = await graphqlData(
        server.url,
        'query ($after: String) { receipts(first: 25, after: $after) { totalCount nodes { id date } pageInfo { hasNextPage endCursor } } }',
        { after },
        server.tokens.admin,
      );
      total = data.receipts.totalCount;
      seen.push(...data.receipts.nodes);
      if (!data.receipts.pageInfo.hasNextPage) break;
      after = data.receipts.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((row) => row.id)).size).toBe(total);
    const dates = seen.map((row) => row.date);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('filters by employee, cost center and date range', async () => {
    const from = dayjs().subtract(14, 'day').format('YYYY-MM-DD');
    const to = dayjs().subtract(3, 'day').format('YYYY-MM-DD');
    const data = await graphqlData(
      server.url,
      `query ($filter: EntryFilter) { timeEntries(filter: $filter, first: 1000) { totalCount nodes { date employeeId costCenterId } } }`,
      { filter: { employeeId: ids.employee, costCenterId: ids.field, from, to } },
      server.tokens.admin,
    );
    const expected = await server.app.services.db
      .select({ id: timeEntries.id })
      .from(timeEntries)
      .where(and(eq(timeEntries.employeeId, ids.employee), eq(timeEntries.costCenterId, ids.field), gte(timeEntries.date, from), lte(timeEntries.date, to)));
    expect(data.timeEntries.totalCount).toBe(expected.length);
    expect(data.timeEntries.nodes).toHaveLength(expected.length);
    for (const node of data.timeEntries.nodes) {
      expect(node).toMatchObject({ employeeId: ids.employee, costCenterId: ids.field });
      expect(node.date >= from && node.date <= to).toBe(true);
    }
  });

  it('shows an employee only their own entries', async () => {
    const data = await graphqlData(server.url, '{ mileageEntries(first: 1000) { totalCount nodes { employeeId } } }', {}, server.tokens.employee);
    expect(data.mileageEntries.totalCount).toBeGreaterThan(0);
    expect(new Set(data.mileageEntries.nodes.map((node: { employeeId: string }) => node.employeeId))).toEqual(new Set([ids.employee]));
  });

  it('sums miles, amounts and hours exactly, overall and per cost center', async () => {
    const data = await graphqlData(
      server.url,
      '{ totals { miles receiptAmounts { currency amountCents } hours receiptCount byCostCenter { costCenter { code } miles receiptAmounts { currency amountCents } hours } byWeek(weeks: 10) { weekStart hours } } }',
      {},
      server.tokens.admin,
    );
    const db = server.app.services.db;
    const [sums] = await db.select({
      miles: sql<string>`(select sum(${mileageEntries.miles}) from ${mileageEntries})`,
      cents: sql<string>`(select sum(${receipts.amountCents}) from ${receipts})`,
      hours: sql<string>`(select sum(${timeEntries.hours}) from ${timeEntries})`,
      receiptCount: sql<string>`(select count(*) from ${receipts})`,
    }).from(sql`(select 1) as one`);
    expect(data.totals.miles).toBe(Number(sums!.miles));
    expect(data.totals.receiptAmounts).toEqual([{ currency: 'USD', amountCents: Number(sums!.cents) }]);
    expect(data.totals.hours).toBe(Number(sums!.hours));
    expect(data.totals.receiptCount).toBe(Number(sums!.receiptCount));
    const perCenterCents = data.totals.byCostCenter.reduce((sum: number, row: { receiptAmounts: Array<{ amountCents: number }> }) => sum + (row.receiptAmounts[0]?.amountCents ?? 0), 0);
    expect(perCenterCents).toBe(Number(sums!.cents));
    expect(data.totals.byWeek).toHaveLength(10);
    expect(dayjs(data.totals.byWeek[9].weekStart).day()).toBe(1);
  });

  it('finds any entity with node(id), and hides what the viewer may not see', async () => {
    const [receipt] = await server.app.services.db.select().from(receipts).where(eq(receipts.employeeId, ids.opsEmployee)).limit(1);
    const query = 'query ($id: ID!) { node(id: $id) { __typename id ... on Receipt { vendor amountCents } } }';
    const asAdmin = await graphqlData(server.url, query, { id: receipt!.id }, server.tokens.admin);
    expect(asAdmin.node).toEqual({ __typename: 'Receipt', id: receipt!.id, vendor: receipt!.vendor, amountCents: receipt!.amountCents });
    const asSupervisor = await graphqlData(server.url, query, { id: receipt!.id }, server.tokens.supervisor);
    expect(asSupervisor.node).toBeNull();
    const unknown = await graphqlData(server.url, query, { id: 'nonsense' }, server.tokens.admin);
    expect(unknown.node).toBeNull();
  });

  it('refuses data queries without a token with HTTP 401 and code UNAUTHENTICATED', async () => {
    const { status, body } = await postGraphQL(server.url, '{ receipts { totalCount } }');
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lists 1,000 entries with their employees and cost centers in a constant number of SQL statements', async () => {
    const db = server.app.services.db;
    const staff = [ids.employee, ids.salesEmployee, ids.opsEmployee];
    const centers = [ids.field, ids.sales, ids.ops];
    await db.insert(mileageEntries).values(
      Array.from({ length: 1_000 }, (_, index) => ({
        id: newId('MileageEntry'),
        employeeId: staff[index % 3]!,
        costCenterId: centers[index % 3]!,
        date: '2021-06-01',
        startLocation: 'A',
        endLocation: 'B',
        miles: index % 50,
        purpose: 'Statement count',
      })),
    );
    const before = server.statements.length;
    const data = await graphqlData(
      server.url,
      `{ mileageEntries(first: 1000, filter: { from: "2021-06-01", to: "2021-06-01" }) {
          nodes { id miles employee { id name costCenters { code } } costCenter { code name supervisors { name } } }
        } }`,
      {},
      server.tokens.admin,
    );
    // The change feed's background poll (log, retention horizon, listener heartbeat) may land in the
    // window; it is not part of the request.
    const background = ['from "change_events"', 'from "change_log_horizon"', 'pg_notify'];
    const statements = server.statements.slice(before).filter((statement) => !background.some((marker) => statement.includes(marker)));
    expect(data.mileageEntries.nodes).toHaveLength(1_000);
    expect(data.mileageEntries.nodes[0].employee.name).toBeTruthy();
    // session lookup, the page, employees, their cost centers, the entries' cost centers, supervisors
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(6);
    console.info(`[${engine.name}] 1,000-entry list with employees and cost centers: ${statements.length} SQL statements`);
  });
});
