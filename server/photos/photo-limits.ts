/** The largest photo or PDF accepted: a phone's full-resolution JPEG or a scanned receipt fits easily. */
export const maxPhotoBytes = 10 * 1024 * 1024;

/**
 * What a multipart upload may carry besides the file (the `operations` and `map` fields and the part
 * headers): an upload mutation's text and variables are a few hundred bytes.
 */
export const maxUploadOverheadBytes = 64 * 1024;

/**
 * The most pixels an image may have: 50 megapixels is above any phone camera's default. A small file
 * declaring more (a decompression bomb) is refused from its header, before anything is decoded.
 */
export const maxPhotoPixels = 50_000_000;

/**
 * Uploads one instance reads at once: each is held in memory whole (up to `maxPhotoBytes`) while it is
 * checked, so this bounds what uploads can take (about 80 MB); more are asked to retry in a moment.
 */
export const maxConcurrentUploads = 8;

/** Thumbnails fit in this square, for a table cell or a card. */
export const thumbnailSize = 320;
