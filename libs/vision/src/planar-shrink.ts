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
  const plane = width * height;
  const result = out ?? new Float32Array(plane * 3);
  const src = image.data;
  const rowStride = image.width * 3;
  const blockScale = scale / (factor * factor);
  const offset = mean * factor * factor;
  const sums = new Float64Array(width * 3);
  for (let y = 0; y < height; y++) {
    sums.fill(0);
    for (let dy = 0; dy < factor; dy++) {
      let i = (y * factor + dy) * rowStride;
      for (let x = 0, s = 0; x < width; x++, s += 3) {
        for (let dx = 0; dx < factor; dx++, i += 3) {
          sums[s] += src[i];
          sums[s + 1] += src[i + 1];
          sums[s + 2] += src[i + 2];
        }
      }
    }
    for (let x = 0, s = 0, p = y * width; x < width; x++, s += 3, p++) {
      result[p] = (sums[s] - offset) * blockScale;
      result[plane + p] = (sums[s + 1] - offset) * blockScale;
      result[2 * plane + p] = (sums[s + 2] - offset) * blockScale;
    }
  }
  return result;
}
