import type { Queryable } from '../db/client';

/** Which file of a photo: what is served as the photo itself, or its thumbnail. */
export const photoVariants = ['original', 'thumbnail'] as const;
export type PhotoVariant = (typeof photoVariants)[number];

/**
 * Where the bytes of photos live. Every instance must reach the same store: by default the database
 * itself (database-photo-store.ts); an object store (S3 and the like) implements the same three calls.
 */
export interface PhotoStore {
  /**
   * Keeps one file of a photo. `tx` is the transaction that records the photo: a store inside the
   * database writes in it, so a refused or failed write leaves no file behind; a store elsewhere
   * ignores it (and must sweep files whose photo row never committed).
   */
  put(tx: Queryable, photoId: string, variant: PhotoVariant, bytes: Buffer): Promise<void>;
  /** The file, or null when there is none. */
  get(photoId: string, variant: PhotoVariant): Promise<Buffer | null>;
  /** Removes every file of a photo, in the transaction that removes the photo. */
  delete(tx: Queryable, photoId: string): Promise<void>;
}
