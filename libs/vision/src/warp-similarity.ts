import type { RgbImage } from './rgb-image';
import {
  invertSimilarity,
  similarityScale,
  type SimilarityTransform,
} from './similarity-transform';

/** What a bilinear sample reads where the source has no pixel. */
const OUTSIDE = 128;

/**
 * The library's one warp: fills a width x height output whose pixel (u, v) comes from the source
 * point inverse(toOutput)(u, v), bilinear, grey 128 outside the image. When the source is more than
 * 1.5x larger than the output, each output pixel averages a k x k grid of bilinear samples, so a
 * 600-px face does not alias into the 150-px chip (dlib uses a pyramid for the same reason).
 *
 * It runs per face per frame in detect, so it is one flat loop: the source point moves by the
 * inverse's (a, b) per output column, and nothing is allocated per pixel.
 */
export function warpSimilarity(
  image: RgbImage,
  toOutput: SimilarityTransform,
  width: number,
  height: number,
): RgbImage {
  const { a, b, tx, ty } = invertSimilarity(toOutput);
  const scale = similarityScale({ a, b, tx, ty });
  const k = scale > 1.5 ? Math.min(4, Math.ceil(scale)) : 1;
  const kk = k * k;
  // Where each of the k x k samples of output pixel (0, 0) falls in the source; pixel (u, v) adds
  // u * (a, b) + v * (-b, a) to it.
  const offsetX = new Float64Array(kk);
  const offsetY = new Float64Array(kk);
  for (let sy = 0; sy < k; sy++) {
    for (let sx = 0; sx < k; sx++) {
      const ox = (sx + 0.5) / k - 0.5;
      const oy = (sy + 0.5) / k - 0.5;
      offsetX[sy * k + sx] = a * ox - b * oy + tx;
      offsetY[sy * k + sx] = b * ox + a * oy + ty;
    }
  }
  const { width: sw, height: sh, data: src } = image;
  const stride = sw * 3;
  const out = new Uint8Array(width * height * 3);
  let o = 0;
  for (let v = 0; v < height; v++) {
    const rowX = -b * v;
    const rowY = a * v;
    for (let u = 0; u < width; u++) {
      const colX = rowX + a * u;
      const colY = rowY + b * u;
      let r = 0;
      let g = 0;
      let bl = 0;
      for (let s = 0; s < kk; s++) {
        const x = colX + offsetX[s];
        const y = colY + offsetY[s];
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const fx = x - x0;
        const fy = y - y0;
        const gx = 1 - fx;
        const gy = 1 - fy;
        if (x0 >= 0 && y0 >= 0 && x0 < sw - 1 && y0 < sh - 1) {
          const i = y0 * stride + x0 * 3;
          const j = i + stride;
          r += (src[i] * gx + src[i + 3] * fx) * gy + (src[j] * gx + src[j + 3] * fx) * fy;
          g += (src[i + 1] * gx + src[i + 4] * fx) * gy + (src[j + 1] * gx + src[j + 4] * fx) * fy;
          bl += (src[i + 2] * gx + src[i + 5] * fx) * gy + (src[j + 2] * gx + src[j + 5] * fx) * fy;
        } else if (x0 >= -1 && y0 >= -1 && x0 < sw && y0 < sh) {
          r += edgeSample(image, x0, y0, fx, fy, 0);
          g += edgeSample(image, x0, y0, fx, fy, 1);
          bl += edgeSample(image, x0, y0, fx, fy, 2);
        } else {
          r += OUTSIDE;
          g += OUTSIDE;
          bl += OUTSIDE;
        }
      }
      out[o] = Math.round(r / kk);
      out[o + 1] = Math.round(g / kk);
      out[o + 2] = Math.round(bl / kk);
      o += 3;
    }
  }
  return { width, height, data: out };
}

/** A bilinear sample whose 2 x 2 neighbourhood straddles the image border: rare, so kept plain. */
function edgeSample(
  image: RgbImage,
  x0: number,
  y0: number,
  fx: number,
  fy: number,
  channel: number,
): number {
  const top = pixel(image, x0, y0, channel) * (1 - fx) + pixel(image, x0 + 1, y0, channel) * fx;
  const bottom =
    pixel(image, x0, y0 + 1, channel) * (1 - fx) + pixel(image, x0 + 1, y0 + 1, channel) * fx;
  return top * (1 - fy) + bottom * fy;
}

function pixel(image: RgbImage, x: number, y: number, channel: number): number {
  return x < 0 || y < 0 || x >= image.width || y >= image.height
    ? OUTSIDE
    : image.data[(y * image.width + x) * 3 + channel];
}
