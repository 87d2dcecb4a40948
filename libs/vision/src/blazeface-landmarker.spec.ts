import { blazefaceAnchors } from './blazeface-anchors';
import { BlazeFaceLandmarker, blazeFaceCrop } from './blazeface-landmarker';
import { cropRgb, resizeRgb } from './image-resize';
import type { FloatTensor, InferenceSession } from './inference-session';
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

/**
 * Fake BlazeFace: finds the one bright pixel of its input and reports every keypoint at a fixed
 * offset from it, plus a 2 px bias to the right that a mirrored run sees the other way round.
 */
class BrightSpotSession implements InferenceSession {
  static readonly OFFSETS = [-10, 10, 0, 0, -20, 20];
  static readonly BIAS = 2;
  private readonly anchors = blazefaceAnchors();

  run(feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>> {
    const input = Object.values(feeds)[0].data;
    let brightest = 0;
    for (let i = 0; i < input.length; i += 3) if (input[i] > input[brightest]) brightest = i;
    const cx = ((brightest / 3) % 128) + 0.5;
    const cy = Math.floor(brightest / 3 / 128) + 0.5;
    const scores = new Float32Array(896).fill(-10);
    scores[0] = 10;
    const regressors = new Float32Array(896 * 16);
    const [ax, ay] = [this.anchors[0] * 128, this.anchors[1] * 128];
    regressors[0] = cx - ax;
    regressors[1] = cy - ay;
    BrightSpotSession.OFFSETS.forEach((dx, k) => {
      regressors[4 + 2 * k] = cx + dx + BrightSpotSession.BIAS - ax;
      regressors[5 + 2 * k] = cy - ay;
    });
    return Promise.resolve({
      'Identity:0': { data: scores.subarray(0, 512), dims: [1, 512, 1] },
      'Identity_1:0': { data: scores.subarray(512), dims: [1, 384, 1] },
      'Identity_2:0': { data: regressors.subarray(0, 512 * 16), dims: [1, 512, 16] },
      'Identity_3:0': { data: regressors.subarray(512 * 16), dims: [1, 384, 16] },
    });
  }

  release(): Promise<void> {
    return Promise.resolve();
  }
}

describe('BlazeFaceLandmarker mirrorAverage', () => {
  // An 80 px box gives a 128 px crop at scale 1 whose top-left is (36, 36).
  const image: RgbImage = { width: 200, height: 200, data: new Uint8Array(200 * 200 * 3) };
  image.data[(100 * 200 + 90) * 3] = 255;
  const face = { score: 1, box: { x: 60, y: 60, width: 80, height: 80 } };
  const create = (mirrorAverage: boolean): Promise<BlazeFaceLandmarker> =>
    BlazeFaceLandmarker.create(
      { load: () => Promise.resolve(new Uint8Array([1])) },
      { create: () => Promise.resolve(new BrightSpotSession()) },
      { mirrorAverage },
    );
  const xs = (l: Awaited<ReturnType<BlazeFaceLandmarker['locate']>>): number[] =>
    [l.rightEye, l.leftEye, l.noseTip, l.mouthCentre, l.rightEar, l.leftEar].map(
      (p) => Math.round(p.x * 1000) / 1000,
    );

  it('keeps the bias of a single run', async () => {
    const located = await (await create(false)).locate(image, face);
    expect(xs(located)).toEqual(BrightSpotSession.OFFSETS.map((dx) => 90.5 + dx + 2));
    expect(located.noseTip.y).toBeCloseTo(100.5);
  });

  it('cancels a left/right bias, swapping the eyes and ears of the mirrored run back', async () => {
    const located = await (await create(true)).locate(image, face);
    expect(xs(located)).toEqual(BrightSpotSession.OFFSETS.map((dx) => 90.5 + dx));
    expect(located.noseTip.y).toBeCloseTo(100.5);
  });
});
