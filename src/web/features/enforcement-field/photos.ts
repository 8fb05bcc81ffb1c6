/** Longest side of a photo sent from the field: enough to read a sign or a face mask, small enough for a weak signal. */
const MAX_SIDE = 1600;
const QUALITY = 0.85;

/**
 * A phone photo made smaller before it waits in the queue (a camera's 12-megapixel JPEG would take minutes on one bar
 * of signal, and could pass the server's 8 MB limit). The server re-encodes it again and strips every metadata; here
 * the canvas drops EXIF too. Anything the browser cannot decode is queued as it is, for the server to judge.
 */
export async function downscalePhoto(file: File): Promise<Blob> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    return blob ?? file;
  } catch {
    return file;
  }
}
