import type { RgbImage } from './rgb-image';

/**
 * The whole-number factor by which `image` shrinks exactly to width x height, if there is one
 * (1280x720 -> 640x360 is 2, 1920x1080 -> 640x360 is 3); undefined otherwise.
 */
export function exactShrinkFactor(
  image: RgbImage,
  width: number,
  height: number,
): number | undefined {
  const factor = image.width / width;
  if (!Number.isInteger(factor) || factor < 2 || image.height !== height * factor) return undefined;
  return image.width === width * factor ? factor : undefined;
}

/**
 * HWC uint8 -> CHW float `(mean of each factor x factor block - mean) * scale` in one pass: an
 * exact area resample for a whole-number factor, without the intermediate image and the libvips
 * round trip that a resize followed by toPlanarFloat costs (about a third of detect() at 640x480).
 * Each block is summed in locals, and factor 2 (720p, 640x480) is unrolled: in detect's profile
 * a Float64Array of row sums made this the hottest JavaScript (12% of its CPU at 720p).
 */
export function shrinkToPlanarFloat(
  image: RgbImage,
  factor: number,
  mean: number,
  scale: number,
  out?: Float32Array,
): Float32Array {
  const width = image.width / factor;
  const height = image.height / factor;
  const result = out ?? new Float32Array(width * height * 3);
  const blockScale = scale / (factor * factor);
  const offset = mean * factor * factor;
  if (factor === 2) halveToPlanar(image, offset, blockScale, result);
  else shrinkBlocksToPlanar(image, factor, offset, blockScale, result);
  return result;
}

function halveToPlanar(image: RgbImage, offset: number, blockScale: number, result: Float32Array) {
  const width = image.width / 2;
  const height = image.height / 2;
  const plane = width * height;
  const src = image.data;
  const rowStride = image.width * 3;
  for (let y = 0, p = 0; y < height; y++) {
    let i = 2 * y * rowStride;
    let j = i + rowStride;
    for (let x = 0; x < width; x++, p++, i += 6, j += 6) {
      result[p] = (src[i] + src[i + 3] + src[j] + src[j + 3] - offset) * blockScale;
      result[plane + p] = (src[i + 1] + src[i + 4] + src[j + 1] + src[j + 4] - offset) * blockScale;
      result[2 * plane + p] =
        (src[i + 2] + src[i + 5] + src[j + 2] + src[j + 5] - offset) * blockScale;
    }
  }
}

function shrinkBlocksToPlanar(
  image: RgbImage,
  factor: number,
  offset: number,
  blockScale: number,
  result: Float32Array,
) {
  const width = image.width / factor;
  const height = image.height / factor;
  const plane = width * height;
  const src = image.data;
  const rowStride = image.width * 3;
  const blockStride = factor * 3;
  for (let y = 0, p = 0; y < height; y++) {
    const top = y * factor * rowStride;
    for (let x = 0; x < width; x++, p++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0, row = top + x * blockStride; dy < factor; dy++, row += rowStride) {
        for (let i = row, end = row + blockStride; i < end; i += 3) {
          r += src[i];
          g += src[i + 1];
          b += src[i + 2];
        }
      }
      result[p] = (r - offset) * blockScale;
      result[plane + p] = (g - offset) * blockScale;
      result[2 * plane + p] = (b - offset) * blockScale;
    }
  }
}
