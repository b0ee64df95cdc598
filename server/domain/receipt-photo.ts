import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Transaction } from '../db/client';
import { receiptPhotos, type ReceiptRow } from '../db/schema';
import type { CleanPhoto } from '../photos/photo-inspection';
import type { PhotoStore } from '../photos/photo-store';
import { reviseEntity, type Writer } from './entity-writer';
import { newId } from './ids';
import { receiptKind } from './receipt';

/** Removes a receipt's current photo, its files with it. */
async function dropPhoto(tx: Transaction, store: PhotoStore, photoId: string | null): Promise<void> {
  if (!photoId) return;
  await store.delete(tx, photoId);
  await tx.delete(receiptPhotos).where(eq(receiptPhotos.id, photoId));
}

/**
 * Gives a receipt a photo (replacing any it had), under the same rules as editing the receipt: the
 * receipt's version grows by one and subscribers get an UPDATE whose node shows the photo. The photo was
 * checked and cleaned before (photos/photo-inspection.ts); its row and files are written in the same
 * transaction as the receipt, so a refused write stores nothing.
 */
export function attachReceiptPhoto(
  writer: Writer,
  store: PhotoStore,
  change: { receiptId: string; expectedVersion: number | null; photo: CleanPhoto; idempotencyKey: string | null },
): Promise<ReceiptRow> {
  const { photo } = change;
  const contentHash = createHash('sha256').update(photo.bytes).digest('base64url');
  return reviseEntity(writer, receiptKind, {
    id: change.receiptId,
    expectedVersion: change.expectedVersion,
    operation: 'attachReceiptPhoto',
    request: { id: change.receiptId, expectedVersion: change.expectedVersion, contentHash },
    idempotencyKey: change.idempotencyKey,
    async prepare(tx, receipt) {
      const photoId = newId('ReceiptPhoto');
      await tx.insert(receiptPhotos).values({
        id: photoId,
        receiptId: receipt.id,
        contentType: photo.contentType,
        sizeBytes: photo.bytes.length,
        width: photo.width,
        height: photo.height,
        hasThumbnail: photo.thumbnail !== null,
        uploadedById: writer.viewer.employeeId,
      });
      await store.put(tx, photoId, 'original', photo.bytes);
      if (photo.thumbnail) await store.put(tx, photoId, 'thumbnail', photo.thumbnail);
      await dropPhoto(tx, store, receipt.photoId);
      return { photoId };
    },
  });
}

/** Takes a receipt's photo away, its files with it: an UPDATE like any edit. */
export function removeReceiptPhoto(
  writer: Writer,
  store: PhotoStore,
  change: { receiptId: string; expectedVersion: number | null; idempotencyKey: string | null },
): Promise<ReceiptRow> {
  return reviseEntity(writer, receiptKind, {
    id: change.receiptId,
    expectedVersion: change.expectedVersion,
    operation: 'removeReceiptPhoto',
    request: { id: change.receiptId, expectedVersion: change.expectedVersion },
    idempotencyKey: change.idempotencyKey,
    async prepare(tx, receipt) {
      await dropPhoto(tx, store, receipt.photoId);
      return { photoId: null };
    },
  });
}
