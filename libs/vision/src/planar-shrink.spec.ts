import { toPlanarFloat } from './image-resize';
import { exactShrinkFactor, shrinkToPlanarFloat } from './planar-shrink';
import type { RgbImage } from './rgb-image';

function noise(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return { width, height, data };
}

/** The plain way: average each block into an image, then the usual planar conversion. */
function blockAverage(image: RgbImage, factor: number): RgbImage {
  const width = image.width / factor;
  const height = image.height / factor;
  const data = new Float64Array(width * height * 3);
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++)
      for (let c = 0; c < 3; c++)
        data[(Math.floor(y / factor) * width + Math.floor(x / factor)) * 3 + c] +=
          image.data[(y * image.width + x) * 3 + c] / (factor * factor);
  return { width, height, data: data as unknown as Uint8Array };
}

describe('shrinkToPlanarFloat', () => {
  it.each([2, 3, 4])('equals block averaging then toPlanarFloat for factor %i', (factor) => {
    const image = noise(12 * factor, 5 * factor, factor);
    const fused = shrinkToPlanarFloat(image, factor, 127, 1 / 128);
    const reference = toPlanarFloat(blockAverage(image, factor), 127, 1 / 128);
    expect(fused).toHaveLength(12 * 5 * 3);
    for (let i = 0; i < fused.length; i++) expect(fused[i]).toBeCloseTo(reference[i], 5);
  });

  it('writes into the buffer it is given', () => {
    const out = new Float32Array(2 * 1 * 3);
    const image = { width: 4, height: 2, data: new Uint8Array(24).fill(255) };
    expect(shrinkToPlanarFloat(image, 2, 127, 1 / 128, out)).toBe(out);
    expect([...out]).toEqual(new Array(6).fill(1));
  });
});

describe('exactShrinkFactor', () => {
  const frame = (width: number, height: number): RgbImage => ({
    width,
    height,
    data: new Uint8Array(0),
  });

  it('finds the whole-number factors of common camera sizes', () => {
    expect(exactShrinkFactor(frame(1280, 720), 640, 360)).toBe(2);
    expect(exactShrinkFactor(frame(1920, 1080), 640, 360)).toBe(3);
    expect(exactShrinkFactor(frame(640, 480), 320, 240)).toBe(2);
  });

  it('refuses other scales, unequal axes and no shrink at all', () => {
    expect(exactShrinkFactor(frame(640, 480), 480, 360)).toBeUndefined();
    expect(exactShrinkFactor(frame(641, 480), 320, 240)).toBeUndefined();
    expect(exactShrinkFactor(frame(640, 480), 320, 120)).toBeUndefined();
    expect(exactShrinkFactor(frame(640, 480), 640, 480)).toBeUndefined();
  });
});
