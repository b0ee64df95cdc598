import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { ConcurrencyLimiter } from '../db/concurrency-limiter';
import { PhotoRejectedError } from '../domain/errors';
import { pdfProblem } from './pdf-active-content';
import { maxPhotoBytes, maxPhotoPixels, thumbnailSize } from './photo-limits';

export type PhotoContentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/** An upload that passed every check, as it will be stored and served. */
export interface CleanPhoto {
  contentType: PhotoContentType;
  /** What is served: an image re-encoded without its metadata, or the PDF as uploaded. */
  bytes: Buffer;
  /** A small JPEG of an image; null for a PDF (clients show an icon). */
  thumbnail: Buffer | null;
  width: number | null;
  height: number | null;
}

const imageEncoders: Record<Exclude<PhotoContentType, 'application/pdf'>, (image: Sharp) => Sharp> = {
  'image/jpeg': (image) => image.jpeg({ quality: 88 }),
  'image/png': (image) => image.png({ compressionLevel: 9 }),
  'image/webp': (image) => image.webp({ quality: 88 }),
};

// Each upload is decoded once: libvips' operation cache would only hold memory.
sharp.cache(false);

const heifTypes = new Set(['image/heic', 'image/heic-sequence', 'image/heif', 'image/heif-sequence']);

/**
 * Decoding is the costly step (memory grows with the pixels): two at a time per instance bounds it, and
 * sharp works off the event loop, so other requests are served meanwhile.
 */
const decoding = new ConcurrencyLimiter(2);

/** A warning (a truncated JPEG, a bad checksum) fails the decode; the pixel limit backs the header check. */
const decodeOptions: SharpOptions = { failOn: 'warning', limitInputPixels: maxPhotoPixels, animated: false };

function isImageType(type: string): type is keyof typeof imageEncoders {
  return type in imageEncoders;
}

async function cleanImage(bytes: Buffer, contentType: keyof typeof imageEncoders): Promise<CleanPhoto> {
  let header: Metadata;
  try {
    // Only the header is read here, so no pixel limit: the size it declares is judged below.
    header = await sharp(bytes, { ...decodeOptions, limitInputPixels: false }).metadata();
  } catch {
    throw new PhotoRejectedError('DAMAGED', 'The image cannot be read: it is damaged or cut short', contentType);
  }
  const { width, height } = header;
  if (!width || !height) throw new PhotoRejectedError('DAMAGED', 'The image does not say how large it is', contentType);
  if (width * height > maxPhotoPixels) {
    throw new PhotoRejectedError('TOO_MANY_PIXELS', `The image is ${width}×${height} pixels; at most ${maxPhotoPixels / 1_000_000} megapixels are accepted`, contentType);
  }
  return decoding.run(async () => {
    try {
      // rotate() turns the pixels as the EXIF orientation says, since the EXIF itself is not kept: sharp
      // writes no metadata (GPS, device, times) unless asked to.
      const cleaned = await imageEncoders[contentType](sharp(bytes, decodeOptions).rotate()).toBuffer({ resolveWithObject: true });
      const thumbnail = await sharp(cleaned.data)
        .resize(thumbnailSize, thumbnailSize, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 75 })
        .toBuffer();
      return { contentType, bytes: cleaned.data, thumbnail, width: cleaned.info.width, height: cleaned.info.height };
    } catch {
      throw new PhotoRejectedError('DAMAGED', 'The image cannot be read to its end: it is damaged or cut short', contentType);
    }
  });
}

function checkPdf(bytes: Buffer): CleanPhoto {
  const problem = pdfProblem(bytes);
  if (problem === 'ACTIVE_CONTENT') {
    throw new PhotoRejectedError('PDF_ACTIVE_CONTENT', 'The PDF contains scripts, actions or embedded files; save or print it as a plain PDF', 'application/pdf');
  }
  if (problem === 'ENCRYPTED') throw new PhotoRejectedError('PDF_ENCRYPTED', 'The PDF is encrypted, so it cannot be checked; save it without a password', 'application/pdf');
  if (problem === 'UNREADABLE') throw new PhotoRejectedError('DAMAGED', 'The PDF is damaged or cut short', 'application/pdf');
  return { contentType: 'application/pdf', bytes, thumbnail: null, width: null, height: null };
}

/**
 * Decides what an upload is from its bytes (never its name or declared type) and makes what is stored:
 * JPEG, PNG and WebP re-encoded without metadata, with a thumbnail; PDFs checked for active content and
 * kept as they are. Anything else, and anything damaged, too large or a decompression bomb, is a
 * PhotoRejectedError.
 */
export async function inspectUpload(bytes: Buffer): Promise<CleanPhoto> {
  if (bytes.length === 0) throw new PhotoRejectedError('EMPTY', 'The file is empty');
  if (bytes.length > maxPhotoBytes) throw new PhotoRejectedError('TOO_LARGE', `The file is over ${maxPhotoBytes / 1024 / 1024} MB`);
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected?.mime ?? null;
  if (type === 'application/pdf') return checkPdf(bytes);
  if (type && isImageType(type)) return cleanImage(bytes, type);
  if (type && heifTypes.has(type)) {
    throw new PhotoRejectedError('HEIC_NOT_SUPPORTED', 'HEIC photos cannot be read here yet; set the camera to "Most Compatible" (JPEG) or export as JPEG', type);
  }
  throw new PhotoRejectedError('UNSUPPORTED_TYPE', 'Only JPEG, PNG and WebP photos and PDFs are accepted', type);
}
