import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { viewerForDownloadLink } from '../auth/download-links';
import { canAccessEmployee, freshViewerScope } from '../auth/rules';
import { bearerToken } from '../auth/sessions';
import type { Viewer } from '../auth/viewer';
import type { Services } from '../context';
import { employees } from '../db/schema';
import { ValidationError } from '../domain/errors';
import { csvStream } from '../exports/csv-stream';
import { listExports } from '../exports/entry-exports';
import { exportKindOfPath, parseListFilter, parseLogRequest, type ExportKind } from '../exports/export-request';
import { mileageLogColumns, mileageLogPages } from '../exports/mileage-log';

const listOfKind = { MILEAGE_CSV: listExports.mileage, RECEIPTS_CSV: listExports.receipts, TIME_CSV: listExports.time } as const;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The bearer header's viewer, else a signed link's. */
async function viewerOf(services: Services, req: IncomingMessage, path: string, params: URLSearchParams): Promise<Viewer | null> {
  const token = bearerToken(req.headers.authorization);
  if (token) return (await services.authority.authenticate(token)).viewer ?? null;
  return params.has('sig') ? viewerForDownloadLink(services.db, path, params) : null;
}

function download(res: ServerResponse, contentType: string, fileName: string): void {
  res.writeHead(200, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
}

/** Builds the body of one download for a viewer; null when what it asks for is not theirs to see. */
async function body(services: Services, viewer: Viewer, kind: ExportKind, params: URLSearchParams, res: ServerResponse): Promise<Readable | null> {
  const scope = await freshViewerScope(services.db, viewer);
  const today = new Date().toISOString().slice(0, 10);
  if (kind === 'MILEAGE_CSV' || kind === 'RECEIPTS_CSV' || kind === 'TIME_CSV') {
    const list = listOfKind[kind];
    const filter = parseListFilter(params);
    download(res, 'text/csv; charset=utf-8', `${list.fileName}-${today}.csv`);
    return list.csv(services.db, scope, filter);
  }
  const request = parseLogRequest(params);
  const employeeId = request.employeeId ?? viewer.employeeId;
  if (!canAccessEmployee(scope, employeeId)) return null;
  const [employee] = await services.db.select({ name: employees.name }).from(employees).where(eq(employees.id, employeeId));
  if (!employee) return null;
  const period = { employeeId, from: request.from, to: request.to };
  const fileName = `mileage-log-${employee.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${request.from}-to-${request.to}`;
  if (kind === 'MILEAGE_LOG_CSV') {
    download(res, 'text/csv; charset=utf-8', `${fileName}.csv`);
    return csvStream(mileageLogColumns, mileageLogPages(services.db, period));
  }
  // pdfkit is large and rarely needed: loaded with the first PDF, not with the server.
  const { mileageLogPdf } = await import('../exports/mileage-log-pdf');
  download(res, 'application/pdf', `${fileName}.pdf`);
  return mileageLogPdf({ employeeName: employee.name, from: request.from, to: request.to, generatedAt: new Date() }, mileageLogPages(services.db, period));
}

/**
 * GET /exports/<list>.csv and /exports/mileage-log.{csv,pdf}: the same rule set as the lists decides
 * what is in them. Signed in with the bearer header or a signed link (createExportLink); streamed
 * from the database a page at a time, so memory stays flat however long the file.
 */
export async function handleExport(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const kind = exportKindOfPath(url.pathname);
  if (!kind) return sendJson(res, 404, { error: 'no such download' });
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'downloads are GET requests' });
  const viewer = await viewerOf(services, req, url.pathname, url.searchParams);
  if (!viewer) return sendJson(res, 401, { error: 'sign in first: send Authorization: Bearer <token>, or use a link from createExportLink' });
  let stream: Readable | null;
  try {
    stream = await body(services, viewer, kind, url.searchParams, res);
  } catch (error) {
    if (error instanceof ValidationError) return sendJson(res, 400, { error: error.message, fields: error.fields });
    throw error;
  }
  if (!stream) return sendJson(res, 404, { error: 'nothing you may see matches' });
  try {
    await pipeline(stream, res);
  } catch (error) {
    // The headers are gone: a failure now can only cut the file short, which the client sees.
    if (!res.destroyed) res.destroy();
    services.log.error({ err: error, export: kind }, 'export failed while streaming');
  }
}
