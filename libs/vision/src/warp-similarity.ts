import type { RgbImage } from './rgb-image';
import {
  applySimilarity,
  invertSimilarity,
  similarityScale,
  type SimilarityTransform,
} from './similarity-transform';

/**
 * The library's one warp: fills a width x height output whose pixel (u, v) comes from the source
 * point inverse(toOutput)(u, v), bilinear, grey 128 outside the image. When the source is more than
 * 1.5x larger than the output, each output pixel averages a k x k grid of bilinear samples, so a
 * 600-px face does not alias into the 150-px chip (dlib uses a pyramid for the same reason).
 */
export function warpSimilarity(
  image: RgbImage,
  toOutput: SimilarityTransform,
  width: number,
  height: number,
): RgbImage {
  const inverse = invertSimilarity(toOutput);
  const scale = similarityScale(inverse);
  const k = scale > 1.5 ? Math.min(4, Math.ceil(scale)) : 1;
  const out = new Uint8Array(width * height * 3);
  const acc = [0, 0, 0];
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      acc[0] = acc[1] = acc[2] = 0;
      for (let sy = 0; sy < k; sy++) {
        for (let sx = 0; sx < k; sx++) {
          const p = applySimilarity(inverse, {
            x: u + (sx + 0.5) / k - 0.5,
            y: v + (sy + 0.5) / k - 0.5,
          });
          sampleBilinear(image, p.x, p.y, acc);
        }
      }
      const o = (v * width + u) * 3;
      const kk = k * k;
      out[o] = Math.round(acc[0] / kk);
      out[o + 1] = Math.round(acc[1] / kk);
      out[o + 2] = Math.round(acc[2] / kk);
    }
  }
  return { width, height, data: out };
}

function sampleBilinear(image: RgbImage, x: number, y: number, acc: number[]): void {
  const { width, height, data } = image;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  for (let c = 0; c < 3; c++) {
    const at = (xx: number, yy: number): number =>
      xx < 0 || yy < 0 || xx >= width || yy >= height ? 128 : data[(yy * width + xx) * 3 + c];
    const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
    const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
    acc[c] += top * (1 - fy) + bottom * fy;
  }
}
