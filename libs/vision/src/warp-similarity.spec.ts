import type { RgbImage } from './rgb-image';
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
});
