import sharp from 'sharp';
import type { RgbImage } from './rgb-image';

/** Area-aware resize through libvips; used for detector inputs and BlazeFace crops. */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const data = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Copies a region, filling whatever falls outside the image with grey 128. */
export function cropRgb(
  image: RgbImage,
  left: number,
  top: number,
  width: number,
  height: number,
): RgbImage {
  const data = new Uint8Array(width * height * 3).fill(128);
  for (let y = 0; y < height; y++) {
    const sy = top + y;
    if (sy < 0 || sy >= image.height) continue;
    const x0 = Math.max(0, -left);
    const x1 = Math.min(width, image.width - left);
    if (x1 <= x0) continue;
    const src = (sy * image.width + left + x0) * 3;
    data.set(image.data.subarray(src, src + (x1 - x0) * 3), (y * width + x0) * 3);
  }
  return { width, height, data };
}

/** HWC uint8 -> CHW float with `(p - mean) * scale`, the layout ONNX vision models take. */
export function toPlanarFloat(
  image: RgbImage,
  mean: number,
  scale: number,
  out?: Float32Array,
): Float32Array {
  const plane = image.width * image.height;
  const result = out ?? new Float32Array(plane * 3);
  const src = image.data;
  for (let i = 0, p = 0; p < plane; p++, i += 3) {
    result[p] = (src[i] - mean) * scale;
    result[plane + p] = (src[i + 1] - mean) * scale;
    result[2 * plane + p] = (src[i + 2] - mean) * scale;
  }
  return result;
}
