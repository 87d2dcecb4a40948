/** What the first bytes of an image say it is, without decoding a pixel. */
export interface ImageHeader {
  readonly encoding: 'jpeg' | 'png';
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Start-of-frame markers (baseline, extended, progressive, lossless; Huffman or arithmetic). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * Reads width and height from a JPEG's SOF segment by walking the marker segments before the
 * first scan. Cheap: ingest never decodes the frames of its own sources. Undefined when there is no
 * valid SOF before the image data.
 */
export function jpegDimensions(jpeg: Buffer): { width: number; height: number } | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  let position = 2;
  while (position + 4 <= jpeg.length) {
    if (jpeg[position] !== 0xff) return undefined;
    const marker = jpeg[position + 1];
    if (marker === 0xff) {
      position += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      position += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = jpeg.readUInt16BE(position + 2);
    if (length < 2) return undefined;
    if (isStartOfFrame(marker)) {
      if (position + 9 > jpeg.length) return undefined;
      const height = jpeg.readUInt16BE(position + 5);
      const width = jpeg.readUInt16BE(position + 7);
      return width > 0 && height > 0 ? { width, height } : undefined;
    }
    position += 2 + length;
  }
  return undefined;
}

/** Width and height from a PNG's IHDR chunk, which the format requires to come first. */
export function pngDimensions(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/** The encoding and size the header declares; undefined for anything but a JPEG or a PNG. */
export function readImageHeader(image: Buffer): ImageHeader | undefined {
  const jpeg = jpegDimensions(image);
  if (jpeg) return { encoding: 'jpeg', ...jpeg };
  const png = pngDimensions(image);
  if (png) return { encoding: 'png', ...png };
  return undefined;
}
