import type { RgbImage } from './rgb-image';
import {
  applySimilarity,
  invertSimilarity,
  similarityScale,
  type SimilarityTransform,
} from './similarity-transform';
import { warpSimilarity } from './warp-similarity';

function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = x * 4;
      data[i + 1] = y * 4;
      data[i + 2] = 77;
    }
  return { width, height, data };
}

const at = (img: RgbImage, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('warpSimilarity', () => {
  const src = gradient(60, 50);

  it('is the identity for the identity transform', () => {
    const out = warpSimilarity(src, { a: 1, b: 0, tx: 0, ty: 0 }, 60, 50);
    expect(out.data).toEqual(src.data);
  });

  it('translates: output (u, v) shows source (u + 10, v + 5); outside is grey', () => {
    const out = warpSimilarity(src, { a: 1, b: 0, tx: -10, ty: -5 }, 20, 20);
    expect(at(out, 0, 0)).toEqual(at(src, 10, 5));
    expect(at(out, 7, 3)).toEqual(at(src, 17, 8));
    const beyond = warpSimilarity(src, { a: 1, b: 0, tx: 100, ty: 0 }, 4, 4);
    expect(at(beyond, 1, 1)).toEqual([128, 128, 128]);
  });

  it('rotates 90 degrees: output x follows source y', () => {
    // chip = R90 * src: (x, y) -> (-y, x) + (49, 0)
    const out = warpSimilarity(src, { a: 0, b: 1, tx: 49, ty: 0 }, 50, 60);
    expect(at(out, 49 - 12, 30)).toEqual(at(src, 30, 12));
  });

  it('interpolates bilinearly at half pixels and averages when shrinking', () => {
    const half = warpSimilarity(src, { a: 1, b: 0, tx: -0.5, ty: 0 }, 10, 10);
    expect(at(half, 2, 2)[0]).toBe(Math.round((at(src, 2, 2)[0] + at(src, 3, 2)[0]) / 2));
    const shrunk = warpSimilarity(src, { a: 0.25, b: 0, tx: 0, ty: 0 }, 15, 12);
    // Output pixel 5 is source point 20; its 4x4 samples (18.5..21.5) average to the ramp there.
    expect(shrunk.data[(5 * 15 + 5) * 3]).toBe(4 * 20);
  });

  it('matches a per-sample reference on random images and transforms', () => {
    const random = lcg(7);
    for (let trial = 0; trial < 40; trial++) {
      const w = 20 + Math.floor(random() * 120);
      const h = 20 + Math.floor(random() * 120);
      const image = noise(w, h, random);
      // Scales from 0.2 (k = 4 supersampling) to 3 (enlarging), any angle, partly outside.
      const scale = 0.2 + random() * 2.8;
      const angle = random() * 2 * Math.PI;
      const t = {
        a: scale * Math.cos(angle),
        b: scale * Math.sin(angle),
        tx: (random() - 0.5) * w * scale,
        ty: (random() - 0.5) * h * scale,
      };
      const size = 10 + Math.floor(random() * 60);
      const fast = warpSimilarity(image, t, size, size + 3);
      const reference = referenceWarp(image, t, size, size + 3);
      let worst = 0;
      for (let i = 0; i < fast.data.length; i++)
        worst = Math.max(worst, Math.abs(fast.data[i] - reference.data[i]));
      expect(worst).toBeLessThanOrEqual(1);
    }
  });
});

function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function noise(width: number, height: number, random: () => number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
  return { width, height, data };
}

/** The warp's definition written out one sample and one channel at a time. */
function referenceWarp(
  image: RgbImage,
  toOutput: SimilarityTransform,
  width: number,
  height: number,
): RgbImage {
  const inverse = invertSimilarity(toOutput);
  const scale = similarityScale(inverse);
  const k = scale > 1.5 ? Math.min(4, Math.ceil(scale)) : 1;
  const pixel = (x: number, y: number, c: number): number =>
    x < 0 || y < 0 || x >= image.width || y >= image.height
      ? 128
      : image.data[(y * image.width + x) * 3 + c];
  const out = new Uint8Array(width * height * 3);
  for (let v = 0; v < height; v++)
    for (let u = 0; u < width; u++)
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let sy = 0; sy < k; sy++)
          for (let sx = 0; sx < k; sx++) {
            const p = applySimilarity(inverse, {
              x: u + (sx + 0.5) / k - 0.5,
              y: v + (sy + 0.5) / k - 0.5,
            });
            const x0 = Math.floor(p.x);
            const y0 = Math.floor(p.y);
            const fx = p.x - x0;
            const fy = p.y - y0;
            const top = pixel(x0, y0, c) * (1 - fx) + pixel(x0 + 1, y0, c) * fx;
            const bottom = pixel(x0, y0 + 1, c) * (1 - fx) + pixel(x0 + 1, y0 + 1, c) * fx;
            sum += top * (1 - fy) + bottom * fy;
          }
        out[(v * width + u) * 3 + c] = Math.round(sum / (k * k));
      }
  return { width, height, data: out };
}
