import { requireViewer } from '../auth/rules';
import { signDownloadLink } from '../auth/download-links';
import { exportKinds, exportPaths, filterParameters, parseListFilter, parseLogRequest } from '../exports/export-request';
import { NotAuthenticatedError, ValidationError } from '../domain/errors';
import { builder } from './builder';
import { EntryStatusEnum } from './enums';

const ExportKindEnum = builder.enumType('ExportKind', {
  description: 'A download: a list as CSV (the same rows as the list with the same filter), or a mileage log for one employee and period',
  values: exportKinds,
});

const ExportFilterInput = builder.inputType('ExportFilter', {
  description: 'For lists, like EntryFilter. For a mileage log: employeeId (default: you), from and to (both required)',
  fields: (t) => ({
    employeeId: t.id({ required: false }),
    costCenterId: t.id({ required: false }),
    from: t.field({ type: 'Date', required: false }),
    to: t.field({ type: 'Date', required: false }),
    status: t.field({ type: [EntryStatusEnum], required: false }),
  }),
});

const ExportLinkRef = builder.objectRef<{ url: string; expiresAt: Date }>('ExportLink').implement({
  description: 'A link a browser can open to download, signed for you; it works for a few minutes and stops when you sign out',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'A path on this server, e.g. /exports/mileage.csv?from=...&sig=...' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.mutationField('createExportLink', (t) =>
  t.field({
    type: ExportLinkRef,
    description:
      'Signs a download link (GET /exports/...) for a browser, which cannot send the bearer header. Clients that can send it may GET the path with the header instead.',
    errors: { types: [ValidationError, NotAuthenticatedError] },
    args: {
      export: t.arg({ type: ExportKindEnum, required: true }),
      filter: t.arg({ type: ExportFilterInput, required: false }),
    },
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context.viewer);
      const params = filterParameters(args.filter ?? {});
      // Checked now as the download will check it, so a bad filter is a typed error here rather than a broken link.
      if (args.export === 'MILEAGE_LOG_CSV' || args.export === 'MILEAGE_LOG_PDF') parseLogRequest(params);
      else parseListFilter(params);
      return signDownloadLink(context.db, viewer, `/exports/${exportPaths[args.export]}`, params);
    },
  }),
);
