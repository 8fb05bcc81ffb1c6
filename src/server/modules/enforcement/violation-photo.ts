import sharp from 'sharp';

/*
 * What a violation's photo may be, and how it is stored. A phone's camera file carries the place it was taken (EXIF
 * GPS), the phone's make and serial, and sometimes a colour profile: none of that is evidence the record needs, so the
 * server decodes the picture and writes a new JPEG of the pixels alone (sharp writes no metadata unless asked to).
 */

export const VIOLATION_PHOTO_MAX_BYTES = 8 * 1024 * 1024;
export const VIOLATION_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTOS_PER_VIOLATION = 3;
/** The longer side of a stored photo: enough to read a sign or a face on a desktop screen, ~300 KB as JPEG. */
const FIT_PX = 1600;
const JPEG_QUALITY = 80;
/** A 48-50 MP camera file fits (the phone screen sends 1600 px anyway); a decompression bomb (a small file of huge
 * dimensions) is refused before its pixels are decoded, so one upload cannot take hundreds of MB on a 2-core box. */
const MAX_INPUT_PIXELS = 50_000_000;

/** The image type from the first bytes, whatever the client claimed (so only these three decoders ever run). */
function sniffImageType(bytes: Buffer): (typeof VIOLATION_PHOTO_TYPES)[number] | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

export interface StoredPhoto {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * The photo as stored: turned upright by its EXIF orientation, fit within 1600 px, JPEG, without any metadata.
 * Null when the bytes are not a JPEG, PNG or WebP that decodes.
 */
export async function reencodeViolationPhoto(bytes: Buffer): Promise<StoredPhoto | null> {
  if (!sniffImageType(bytes)) return null;
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(FIT_PX, FIT_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    return null;
  }
}
