import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewerForDownloadLink, downloadLinkTtlMs } from '../../server/auth/download-links';
import { mileageEntries } from '../../server/db/schema';
import { newId } from '../../server/domain/ids';
import { engines } from '../support/engines';
import { demoIds } from '../support/fixtures';
import { graphqlData } from '../support/graphql-client';
import { reviewClient } from '../support/review';
import { startTestServer, type TestServer } from '../support/test-server';

describe.each(engines)('CSV and PDF exports on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let api: ReturnType<typeof reviewClient>;

  const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const csv = async (path: string, token: string) => {
    const response = await get(path, token);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    return parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
  };
  const listIds = async (role: 'admin' | 'supervisor' | 'employee', field: string, filter: Record<string, unknown>) => {
    const data = await api.as(role, `query ($filter: EntryFilter) { l: ${field}(filter: $filter, first: 1000) { nodes { id } } }`, { filter });
    return data.l.nodes.map((node: { id: string }) => node.id);
  };
  const link = (token: string, kind: string, filter: Record<string, unknown>) =>
    graphqlData<any>(server.url, 'mutation ($kind: ExportKind!, $filter: ExportFilter) { createExportLink(export: $kind, filter: $filter) { __typename ... on ExportLink { url expiresAt } ... on Error { message } } }', { kind, filter }, token).then(
      (data) => data.createExportLink,
    );

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
    api = reviewClient(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('downloads each list as CSV with the same rows, in the same order, as the list with that filter and scope', async () => {
    for (const [path, field] of [['mileage', 'mileageEntries'], ['receipts', 'receipts'], ['time', 'timeEntries']] as const) {
      for (const role of ['admin', 'supervisor', 'employee'] as const) {
        const rows = await csv(`/exports/${path}.csv`, server.tokens[role]);
        expect(rows.map((row) => row.Id)).toEqual(await listIds(role, field, {}));
      }
      const filter = { status: ['SUBMITTED', 'REJECTED'], employeeId: ids.employee };
      const rows = await csv(`/exports/${path}.csv?status=SUBMITTED,REJECTED&employeeId=${ids.employee}`, server.tokens.supervisor);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((row) => row.Id)).toEqual(await listIds('supervisor', field, filter));
      expect(rows.every((row) => ['SUBMITTED', 'REJECTED'].includes(row.Status ?? ''))).toBe(true);
    }
  });

  it('quotes commas, quotes and line breaks, and keeps a cell a spreadsheet would run as a formula inert', async () => {
    const vendor = 'Smith, "Bob" & Sons\nLtd';
    await api.create('employee', 'Receipt', { costCenterId: ids.field, date: '2026-05-04', amountCents: 4210, vendor, category: 'OTHER', description: '=HYPERLINK("http://evil.example")' });
    const response = await get('/exports/receipts.csv?from=2026-05-04&to=2026-05-04', server.tokens.employee);
    const text = await response.text();
    expect(text.split('\r\n')[0]).toBe('Date,Employee,Cost center,Status,Vendor,Category,Amount,Currency,Description,Submitted at,Reviewed at,Rejection reason,Id');
    expect(text).toContain('"Smith, ""Bob"" & Sons\nLtd"');
    const [row] = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(row).toMatchObject({ Vendor: vendor, Amount: '42.10', Currency: 'USD', Description: `'=HYPERLINK("http://evil.example")`, Status: 'DRAFT' });
  });

  it('streams a long list a page of 1,000 rows at a time, never the whole list at once', async () => {
    const db = server.app.services.db;
    await db.insert(mileageEntries).values(
      Array.from({ length: 2_500 }, (_, index) => ({
        id: newId('MileageEntry'),
        employeeId: ids.salesEmployee,
        costCenterId: ids.sales,
        date: '2026-06-01',
        startLocation: 'A',
        endLocation: 'B',
        miles: index % 40,
        purpose: 'Stream',
      })),
    );
    const before = server.statements.length;
    const rows = await csv(`/exports/mileage.csv?from=2026-06-01&to=2026-06-01`, server.tokens.admin);
    expect(rows).toHaveLength(2_500);
    expect(rows[1]).toMatchObject({ 'Rate (cents/mile)': '72.5', 'Amount fixed': 'no' });
    const pages = server.statements.slice(before).filter((statement) => statement.includes('from "mileage_entries"'));
    expect(pages).toHaveLength(3);
    for (const page of pages) expect(page).toMatch(/limit \$\d+$/);
  });

  it("writes an employee's mileage log for a period as CSV and PDF, priced and totalled", async () => {
    const first = await api.create('employee', 'MileageEntry', { costCenterId: ids.field, date: '2025-12-31', startLocation: 'Depot', endLocation: 'Client, North', miles: 10, purpose: 'Year-end visit' });
    const second = await api.create('employee', 'MileageEntry', { costCenterId: ids.field, date: '2026-01-02', startLocation: 'Depot', endLocation: 'Airport', miles: 12.3, purpose: 'Flight to HQ' });
    await api.step('employee', 'submit', 'MileageEntry', second.id, 1);
    await api.step('supervisor', 'approve', 'MileageEntry', second.id, 2);
    expect(first.id).toBeTruthy();
    const query = `employeeId=${ids.employee}&from=2025-12-30&to=2026-01-03`;
    const log = await csv(`/exports/mileage-log.csv?${query}`, server.tokens.supervisor);
    expect(log).toEqual([
      { Date: '2025-12-31', 'Business purpose': 'Year-end visit', Start: 'Depot', End: 'Client, North', Miles: '10', 'Rate (cents/mile)': '70', 'Amount (USD)': '7.00', Status: 'DRAFT' },
      { Date: '2026-01-02', 'Business purpose': 'Flight to HQ', Start: 'Depot', End: 'Airport', Miles: '12.3', 'Rate (cents/mile)': '72.5', 'Amount (USD)': '8.92', Status: 'APPROVED' },
    ]);
    expect(await csv(`/exports/mileage-log.csv?from=2025-12-30&to=2026-01-03`, server.tokens.employee)).toEqual(log);

    const pdf = await get(`/exports/mileage-log.pdf?${query}`, server.tokens.supervisor);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="mileage-log-jordan-lee-2025-12-30-to-2026-01-03.pdf"');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.subarray(-6).toString()).toContain('%%EOF');
    expect(bytes.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('refuses a download without sign-in (401), with a bad parameter (400), or of an employee out of scope (404)', async () => {
    expect((await get('/exports/mileage.csv')).status).toBe(401);
    expect((await get('/exports/mileage.csv', 'ss_not-a-token')).status).toBe(401);
    const bad = await get('/exports/mileage.csv?from=2026-02-30', server.tokens.admin);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fields: [{ field: 'from', message: 'is not a real calendar date' }] });
    expect((await get('/exports/mileage.csv?status=LOST', server.tokens.admin)).status).toBe(400);
    expect((await get('/exports/mileage.csv?limit=5', server.tokens.admin)).status).toBe(400);
    expect((await get('/exports/mileage-log.csv?to=2026-01-01', server.tokens.admin)).status).toBe(400);
    expect((await get(`/exports/mileage-log.pdf?employeeId=${ids.opsEmployee}&from=2026-01-01&to=2026-01-31`, server.tokens.supervisor)).status).toBe(404);
    expect((await get(`/exports/mileage-log.csv?employeeId=${ids.employee}&from=2026-01-01&to=2026-01-31`, server.tokens.employee)).status).toBe(200);
    expect((await get('/exports/secrets.csv', server.tokens.admin)).status).toBe(404);
  });

  it('signs links a browser can open without the header: they work as that viewer, and not when altered, expired or signed out', async () => {
    const signed = await link(server.tokens.supervisor, 'MILEAGE_CSV', { employeeId: ids.employee, status: ['SUBMITTED'] });
    expect(signed.url).toMatch(/^\/exports\/mileage\.csv\?employeeId=.*&status=SUBMITTED&sig=/);
    expect(new Date(signed.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const rows = parse(await (await get(signed.url)).text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.Id)).toEqual(await listIds('supervisor', 'mileageEntries', { employeeId: ids.employee, status: ['SUBMITTED'] }));

    expect((await get(signed.url.replace('status=SUBMITTED', 'status=APPROVED'))).status).toBe(401);
    expect((await get(signed.url.replace(`employeeId=${ids.employee}`, `employeeId=${ids.opsEmployee}`))).status).toBe(401);
    const params = new URL(signed.url, server.url).searchParams;
    const later = Date.now() + downloadLinkTtlMs + 1_000;
    expect(await viewerForDownloadLink(server.app.services.db, '/exports/mileage.csv', params)).toMatchObject({ employeeId: ids.supervisor });
    expect(await viewerForDownloadLink(server.app.services.db, '/exports/mileage.csv', params, later)).toBeNull();
    expect(await viewerForDownloadLink(server.app.services.db, '/exports/receipts.csv', params)).toBeNull();

    expect(await link(server.tokens.employee, 'MILEAGE_LOG_PDF', { from: '2026-01-01' })).toMatchObject({ __typename: 'ValidationError' });
    const mine = await link(server.tokens.employee, 'MILEAGE_LOG_PDF', { from: '2026-01-01', to: '2026-01-31' });
    expect((await get(mine.url)).status).toBe(200);
    await graphqlData(server.url, 'mutation { logout }', {}, server.tokens.employee);
    expect((await get(mine.url)).status).toBe(401);
  });
});
