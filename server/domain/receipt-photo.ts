import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Transaction } from '../db/client';
import { receiptPhotos, receipts, type ReceiptRow } from '../db/schema';
import type { CleanPhoto } from '../photos/photo-inspection';
import type { PhotoStore } from '../photos/photo-store';
import { reviseEntity, type Attachment, type Writer } from './entity-writer';
import { newId } from './ids';
import { receiptKind } from './receipt';

/** Removes a receipt's current photo, its files with it. */
async function dropPhoto(tx: Transaction, store: PhotoStore, photoId: string | null): Promise<void> {
  if (!photoId) return;
  await store.delete(tx, photoId);
  await tx.delete(receiptPhotos).where(eq(receiptPhotos.id, photoId));
}

/** What identifies an upload for its idempotency key: a retry sends the same bytes. */
function contentHashOf(photo: CleanPhoto): string {
  return createHash('sha256').update(photo.bytes).digest('base64url');
}

/** Writes the photo's row and files for a receipt; returns the new photo's id. */
async function storePhoto(tx: Transaction, store: PhotoStore, receiptId: string, uploadedById: string, photo: CleanPhoto): Promise<string> {
  const photoId = newId('ReceiptPhoto');
  await tx.insert(receiptPhotos).values({
    id: photoId,
    receiptId,
    contentType: photo.contentType,
    sizeBytes: photo.bytes.length,
    width: photo.width,
    height: photo.height,
    hasThumbnail: photo.thumbnail !== null,
    uploadedById,
  });
  await store.put(tx, photoId, 'original', photo.bytes);
  if (photo.thumbnail) await store.put(tx, photoId, 'thumbnail', photo.thumbnail);
  return photoId;
}

/**
 * A photo sent with createReceipt: stored in the create's transaction, once the receipt row exists (the
 * photo row refers to it), and set on the receipt before its CREATE event, so the event and the answer
 * carry the photo and the receipt starts at version 1 like any other.
 */
export function photoAtCreation(store: PhotoStore, uploadedById: string, photo: CleanPhoto): Attachment<ReceiptRow> {
  return {
    request: { photo: contentHashOf(photo) },
    async attach(tx, receipt) {
      const photoId = await storePhoto(tx, store, receipt.id, uploadedById, photo);
      const [withPhoto] = await tx.update(receipts).set({ photoId }).where(eq(receipts.id, receipt.id)).returning();
      if (!withPhoto) throw new Error(`receipt ${receipt.id} vanished inside its own transaction`);
      return withPhoto;
    },
  };
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
  return reviseEntity(writer, receiptKind, {
    id: change.receiptId,
    expectedVersion: change.expectedVersion,
    operation: 'attachReceiptPhoto',
    request: { id: change.receiptId, expectedVersion: change.expectedVersion, contentHash: contentHashOf(photo) },
    idempotencyKey: change.idempotencyKey,
    async prepare(tx, receipt) {
      const photoId = await storePhoto(tx, store, receipt.id, writer.viewer.employeeId, photo);
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
