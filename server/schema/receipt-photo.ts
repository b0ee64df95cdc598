import { inArray } from 'drizzle-orm';
import { receiptPhotos, type ReceiptPhotoRow } from '../db/schema';
import { attachReceiptPhoto, removeReceiptPhoto } from '../domain/receipt-photo';
import { PhotoRejectedError } from '../domain/errors';
import { checkIdempotencyKey } from '../domain/idempotency';
import type { CleanPhoto } from '../photos/photo-inspection';
import type { PhotoVariant } from '../photos/photo-store';
import type { Context } from '../context';
import { builder } from './builder';
import { idempotencyKeyDescription } from './entry';
import { entryWriteErrors, photoAttachErrors } from './errors';
import { ReceiptRef } from './refs';
import { writerOf } from './writer';

/** A link to one file of the photo, signed for whoever the result is for (see auth/photo-links.ts). */
function link(context: Context, photo: ReceiptPhotoRow, variant: PhotoVariant) {
  if (!context.linksFor) throw new Error('a receipt photo was resolved for nobody');
  return context.photoLinks.sign(context.linksFor, photo.id, variant);
}

/** Checks and cleans an uploaded photo (photos/photo-inspection.ts), counting its outcome in the metrics. */
export async function inspectReceiptUpload(file: Blob, context: Context): Promise<CleanPhoto> {
  // Loaded with the first upload: sharp and its image libraries take about 23 MB a server without photos never needs.
  const { inspectUpload } = await import('../photos/photo-inspection');
  const photo = await inspectUpload(Buffer.from(await file.arrayBuffer())).catch((error: unknown) => {
    if (error instanceof PhotoRejectedError) context.metrics.photoUploads.inc({ outcome: error.reason });
    throw error;
  });
  context.metrics.photoUploads.inc({ outcome: 'ACCEPTED' });
  return photo;
}

const ReceiptPhotoRef = builder.loadableObjectRef<ReceiptPhotoRow, string>('ReceiptPhoto', {
  // Not cached: a subscription keeps one context for its whole life (see refs.ts).
  loaderOptions: { cache: false },
  load: (ids, context) => context.db.select().from(receiptPhotos).where(inArray(receiptPhotos.id, ids)),
  sort: (photo) => photo.id,
});

ReceiptPhotoRef.implement({
  description: 'The photo or PDF of a receipt. Its links work for a few minutes, for you only; ask for the receipt again for fresh ones.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'A new id for every upload' }),
    contentType: t.exposeString('contentType', { description: 'Found from the content: image/jpeg, image/png, image/webp or application/pdf' }),
    sizeBytes: t.exposeInt('sizeBytes', { description: 'Size of the file at `url`' }),
    width: t.exposeInt('width', { nullable: true, description: 'Pixels; null for a PDF' }),
    height: t.exposeInt('height', { nullable: true }),
    uploadedAt: t.expose('createdAt', { type: 'DateTime' }),
    url: t.string({
      description: 'A path on this server to the image (without its metadata: no location or device) or the PDF; an <img> or a download can open it without a bearer header',
      resolve: (photo, _args, context) => link(context, photo, 'original').url,
    }),
    thumbnailUrl: t.string({
      nullable: true,
      description: `A path to a JPEG at most 320 pixels on its longer side; null for a PDF`,
      resolve: (photo, _args, context) => (photo.hasThumbnail ? link(context, photo, 'thumbnail').url : null),
    }),
    urlsExpireAt: t.field({
      type: 'DateTime',
      description: 'When `url` and `thumbnailUrl` stop working (in 10 to 15 minutes)',
      resolve: (photo, _args, context) => link(context, photo, 'original').expiresAt,
    }),
  }),
});

builder.objectField(ReceiptRef, 'photo', (t) =>
  t.field({
    type: ReceiptPhotoRef,
    nullable: true,
    description: 'The photo or PDF of the receipt; null until one is attached',
    resolve: (receipt) => receipt.photoId ?? null,
  }),
);

const versionDescription = 'The version the client last saw; a mismatch is a VersionConflictError. Absent: whatever the version now (a photo does not build on the fields).';

builder.mutationField('attachReceiptPhoto', (t) =>
  t.field({
    type: ReceiptRef,
    description:
      'Attaches a photo (JPEG, PNG, WebP) or PDF of at most 10 MB to a receipt, replacing any it had, with the GraphQL multipart request spec; anyone who may edit the receipt may. The type is found from the content. Images are stored without their metadata, with a thumbnail.',
    errors: { types: photoAttachErrors },
    args: {
      id: t.arg.id({ required: true, description: 'The receipt' }),
      file: t.arg({ type: 'File', required: true }),
      version: t.arg.int({ required: false, description: versionDescription }),
      idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
    },
    resolve: async (_root, args, context) => {
      const writer = await writerOf(context);
      const idempotencyKey = checkIdempotencyKey(args.idempotencyKey);
      const photo = await inspectReceiptUpload(args.file, context);
      return attachReceiptPhoto(writer, context.photoStore, { receiptId: String(args.id), expectedVersion: args.version ?? null, photo, idempotencyKey });
    },
  }),
);

builder.mutationField('removeReceiptPhoto', (t) =>
  t.field({
    type: ReceiptRef,
    description: 'Takes the photo off a receipt and deletes its files; anyone who may edit the receipt may.',
    errors: { types: entryWriteErrors },
    args: {
      id: t.arg.id({ required: true, description: 'The receipt' }),
      version: t.arg.int({ required: false, description: versionDescription }),
      idempotencyKey: t.arg.string({ required: false, description: idempotencyKeyDescription }),
    },
    resolve: async (_root, args, context) =>
      removeReceiptPhoto(await writerOf(context), context.photoStore, {
        receiptId: String(args.id),
        expectedVersion: args.version ?? null,
        idempotencyKey: checkIdempotencyKey(args.idempotencyKey),
      }),
  }),
);
