import type { DetectedFace, FaceDetector } from './face-detector';
import type { InferenceSession, InferenceSessionFactory } from './inference-session';
import { MODEL_MANIFEST } from './model-manifest';
import type { ModelStore } from './model-store';
import { nonMaxSuppression, type Scored } from './non-max-suppression';
import { resizeRgb, toPlanarFloat, cropRgb } from './image-resize';
import { exactShrinkFactor, shrinkToPlanarFloat } from './planar-shrink';
import type { Box, RgbImage } from './rgb-image';
import { decodeUltraface } from './ultraface-decoder';
import { ultrafacePriors } from './ultraface-priors';

/**
 * - `dynamic`: the edited graph at the image's own size (capped by `maxInputSide`), priors made here.
 * - `fixed`: the classic 320x240 stretch; small faces fall under the 10 px smallest prior.
 * - `tiled`: 320x240 tiles at native resolution plus one whole-frame pass for large faces.
 */
export type UltraFaceMode = 'dynamic' | 'fixed' | 'tiled';

export interface UltraFaceOptions {
  readonly mode?: UltraFaceMode;
  readonly scoreThreshold?: number;
  readonly iouThreshold?: number;
  /** Dynamic mode downscales so the longer side is at most this; cost grows with pixels. */
  readonly maxInputSide?: number;
  /**
   * Dynamic mode: the smallest face (tight box width, source pixels) that must still be found.
   * The input shrinks until such a face spans RELIABLE_INPUT_FACE_PX, never below what
   * `maxInputSide` already asks. Unset: no shrinking beyond `maxInputSide`.
   */
  readonly minFaceSize?: number;
  readonly threads?: number;
}

const FIXED_W = 320;
const FIXED_H = 240;
/**
 * The smallest face, tight box width in input pixels, found on every try:
 * `bench/vision/detection-size-sweep.ts` finds all 266 labelled faces from 14 px up (one miss in
 * 24-32 px), 34 of 35 at 12-14 px and about 60% below 12 px.
 */
export const RELIABLE_INPUT_FACE_PX = 14;
const MEAN = MODEL_MANIFEST['ultraface-rfb-dynamic'].input.mean;
const SCALE = MODEL_MANIFEST['ultraface-rfb-dynamic'].input.scale;

export class UltraFaceDetector implements FaceDetector {
  private readonly priorCache = new Map<string, Float32Array>();
  /** The last input tensor, reused while no other detect() holds it (a 640x480 one is 3.7 MB). */
  private spareInput?: Float32Array;
  private readonly mode: UltraFaceMode;
  private readonly scoreThreshold: number;
  private readonly iouThreshold: number;
  private readonly maxInputSide: number;
  private readonly minFaceSize?: number;

  private constructor(
    private readonly session: InferenceSession,
    options: UltraFaceOptions,
  ) {
    this.mode = options.mode ?? 'dynamic';
    this.scoreThreshold = options.scoreThreshold ?? 0.7;
    this.iouThreshold = options.iouThreshold ?? 0.3;
    this.maxInputSide = options.maxInputSide ?? 640;
    this.minFaceSize = options.minFaceSize;
  }

  static async create(
    store: ModelStore,
    sessions: InferenceSessionFactory,
    options: UltraFaceOptions = {},
  ): Promise<UltraFaceDetector> {
    const model = await store.load('ultraface-rfb-dynamic');
    return new UltraFaceDetector(
      await sessions.create(model, { threads: options.threads }),
      options,
    );
  }

  async detect(image: RgbImage): Promise<DetectedFace[]> {
    let candidates: Scored[];
    switch (this.mode) {
      case 'dynamic': {
        const scale = Math.min(
          1,
          this.maxInputSide / Math.max(image.width, image.height),
          this.minFaceSize ? RELIABLE_INPUT_FACE_PX / this.minFaceSize : 1,
        );
        const w = Math.max(1, Math.round(image.width * scale));
        const h = Math.max(1, Math.round(image.height * scale));
        candidates = await this.runScaled(image, w, h);
        break;
      }
      case 'fixed':
        candidates = await this.runScaled(image, FIXED_W, FIXED_H);
        break;
      case 'tiled':
        candidates = await this.runTiled(image);
        break;
    }
    return nonMaxSuppression(candidates, this.iouThreshold).map((c) => ({
      score: c.score,
      box: clipBox(c.box, image.width, image.height),
    }));
  }

  release(): Promise<void> {
    return this.session.release();
  }

  /** Runs the network on `image` resized to w x h and maps boxes back to `image` pixels. */
  private async runScaled(image: RgbImage, w: number, h: number): Promise<Scored[]> {
    const factor = exactShrinkFactor(image, w, h);
    const raw = factor
      ? await this.infer(w, h, (buffer) => shrinkToPlanarFloat(image, factor, MEAN, SCALE, buffer))
      : await this.inferImage(await resizeRgb(image, w, h));
    const sx = image.width / w;
    const sy = image.height / h;
    return raw.map((c) => ({
      score: c.score,
      box: { x: c.box.x * sx, y: c.box.y * sy, width: c.box.width * sx, height: c.box.height * sy },
    }));
  }

  private async runTiled(image: RgbImage): Promise<Scored[]> {
    // Overlap of 64 px keeps any face up to ~64 px whole in at least one tile; larger faces are
    // the whole-frame pass's job.
    const overlap = 64;
    const out: Scored[] = await this.runScaled(image, FIXED_W, FIXED_H);
    for (let top = 0; top < image.height; top += FIXED_H - overlap) {
      for (let left = 0; left < image.width; left += FIXED_W - overlap) {
        const tile = cropRgb(image, left, top, FIXED_W, FIXED_H);
        for (const c of await this.inferImage(tile)) {
          out.push({ score: c.score, box: { ...c.box, x: c.box.x + left, y: c.box.y + top } });
        }
        if (left + FIXED_W >= image.width) break;
      }
      if (top + FIXED_H >= image.height) break;
    }
    return out;
  }

  private inferImage(input: RgbImage): Promise<Scored[]> {
    return this.infer(input.width, input.height, (buffer) =>
      toPlanarFloat(input, MEAN, SCALE, buffer),
    );
  }

  /** Runs the network on a width x height input that `fill` writes into the tensor it is given. */
  private async infer(
    width: number,
    height: number,
    fill: (buffer: Float32Array) => Float32Array,
  ): Promise<Scored[]> {
    const size = 3 * width * height;
    const buffer = this.spareInput?.length === size ? this.spareInput : new Float32Array(size);
    // Taken out while ORT reads it, so concurrent detect() calls never share a buffer.
    this.spareInput = undefined;
    let outputs;
    try {
      outputs = await this.session.run({
        input: { data: fill(buffer), dims: [1, 3, height, width] },
      });
    } finally {
      this.spareInput = buffer;
    }
    return decodeUltraface(
      outputs['scores'].data,
      outputs['deltas'].data,
      this.priors(width, height),
      width,
      height,
      this.scoreThreshold,
    );
  }

  private priors(width: number, height: number): Float32Array {
    const key = `${width}x${height}`;
    let priors = this.priorCache.get(key);
    if (!priors) {
      priors = ultrafacePriors(width, height);
      this.priorCache.set(key, priors);
    }
    return priors;
  }
}

function clipBox(box: Box, width: number, height: number): Box {
  const x1 = Math.max(0, box.x);
  const y1 = Math.max(0, box.y);
  const x2 = Math.min(width, box.x + box.width);
  const y2 = Math.min(height, box.y + box.height);
  return { x: x1, y: y1, width: Math.max(0, x2 - x1), height: Math.max(0, y2 - y1) };
}
