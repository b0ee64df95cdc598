import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { photoFiles } from '../db/schema';
import type { PhotoStore } from './photo-store';

/**
 * Photos in the database (table photo_files, bytea): nothing else to run or back up, every instance and
 * replica sees them, and a photo is written in the same transaction as the receipt change that shows it.
 */
export function databasePhotoStore(db: Queryable): PhotoStore {
  return {
    async put(tx, photoId, variant, bytes) {
      await tx.insert(photoFiles).values({ photoId, variant, bytes });
    },
    async get(photoId, variant) {
      const [row] = await db
        .select({ bytes: photoFiles.bytes })
        .from(photoFiles)
        .where(and(eq(photoFiles.photoId, photoId), eq(photoFiles.variant, variant)));
      return row?.bytes ?? null;
    },
    async delete(tx, photoId) {
      await tx.delete(photoFiles).where(eq(photoFiles.photoId, photoId));
    },
  };
}
