import { blazeFaceCrop } from './blazeface-landmarker';
import { cropRgb, resizeRgb } from './image-resize';
import type { RgbImage } from './rgb-image';

/** Smooth colour ramps with some texture, like a face region after JPEG: no pixel-level noise. */
function scene(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = 128 + 100 * Math.sin(x / 9) * Math.cos(y / 13);
      data[i + 1] = (x + 2 * y) % 256;
      data[i + 2] = 128 + 90 * Math.sin((x + y) / 17);
    }
  return { width, height, data };
}

function meanAbsDiff(a: RgbImage, b: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

describe('blazeFaceCrop', () => {
  const image = scene(640, 360);

  // The chip template was calibrated on landmarks from libvips crops: the warp must show the same.
  it.each([
    ['enlarging a small face', { x: 300, y: 150, width: 30, height: 36 }],
    ['enlarging a face near the border', { x: 2, y: 320, width: 50, height: 50 }],
    ['keeping the size', { x: 200, y: 100, width: 80, height: 70 }],
    ['reducing a large face', { x: 100, y: 60, width: 150, height: 170 }],
  ])('shows what a libvips crop and resize show when %s', async (_, box) => {
    const { crop, left, top, scale } = blazeFaceCrop(image, box, 1.6);
    const side = Math.round(scale * 128);
    const reference = await resizeRgb(cropRgb(image, left, top, side, side), 128, 128);
    expect([crop.width, crop.height]).toEqual([128, 128]);
    expect(meanAbsDiff(crop, reference)).toBeLessThan(1);
  });

  it('centres a square of cropScale times the longer side on the box', () => {
    const { left, top, scale } = blazeFaceCrop(
      image,
      { x: 300, y: 150, width: 30, height: 40 },
      1.6,
    );
    expect(scale * 128).toBe(64);
    expect(left + 32).toBe(315);
    expect(top + 32).toBe(170);
  });
});
