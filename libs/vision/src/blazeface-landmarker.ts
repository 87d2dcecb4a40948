import { blazefaceAnchors } from './blazeface-anchors';
import type { DetectedFace } from './face-detector';
import type { FaceLandmarks, Landmarker } from './face-landmarks';
import type { InferenceSession, InferenceSessionFactory } from './inference-session';
import { MODEL_MANIFEST } from './model-manifest';
import type { ModelStore } from './model-store';
import type { Box, Point, RgbImage } from './rgb-image';
import { VisionError, VisionErrorCode } from './vision-error';
import { warpSimilarity } from './warp-similarity';

const SIZE = 128;
const SPEC = MODEL_MANIFEST['blazeface-front-128'].input;

export interface BlazeFaceOptions {
  /** Crop side as a multiple of the detector box's longer side; BlazeFace was trained on loose crops. */
  readonly cropScale?: number;
  readonly threads?: number;
}

/**
 * Runs BlazeFace (short range) on a square crop around a detected face and keeps the anchor that
 * is both confident and closest to the crop centre, i.e. the face the detector pointed at.
 */
export class BlazeFaceLandmarker implements Landmarker {
  private readonly anchors = blazefaceAnchors();
  private readonly cropScale: number;

  private constructor(
    private readonly session: InferenceSession,
    options: BlazeFaceOptions,
  ) {
    this.cropScale = options.cropScale ?? 1.6;
  }

  static async create(
    store: ModelStore,
    sessions: InferenceSessionFactory,
    options: BlazeFaceOptions = {},
  ): Promise<BlazeFaceLandmarker> {
    const model = await store.load('blazeface-front-128');
    return new BlazeFaceLandmarker(
      await sessions.create(model, { threads: options.threads }),
      options,
    );
  }

  async locate(image: RgbImage, face: DetectedFace): Promise<FaceLandmarks> {
    const { crop, left, top, scale: s } = blazeFaceCrop(image, face.box, this.cropScale);
    const input = new Float32Array(SIZE * SIZE * 3);
    for (let i = 0; i < input.length; i++) input[i] = (crop.data[i] - SPEC.mean) * SPEC.scale;
    const out = await this.session.run({ [SPEC.name]: { data: input, dims: [1, SIZE, SIZE, 3] } });
    const scores = concat(out['Identity:0'].data, out['Identity_1:0'].data);
    const regressors = concat(out['Identity_2:0'].data, out['Identity_3:0'].data);
    if (scores.length !== this.anchors.length / 2 || regressors.length !== scores.length * 16) {
      throw new VisionError(
        VisionErrorCode.MODEL_OUTPUT_MISMATCH,
        `BlazeFace gave ${scores.length} anchors, expected 896`,
      );
    }
    const best = this.pickAnchor(scores, regressors);
    const keypoint = (k: number): Point => ({
      x: left + (regressors[best * 16 + 4 + 2 * k] + this.anchors[best * 2] * SIZE) * s,
      y: top + (regressors[best * 16 + 5 + 2 * k] + this.anchors[best * 2 + 1] * SIZE) * s,
    });
    return {
      rightEye: keypoint(0),
      leftEye: keypoint(1),
      noseTip: keypoint(2),
      mouthCentre: keypoint(3),
      rightEar: keypoint(4),
      leftEar: keypoint(5),
      confidence: sigmoid(scores[best]),
    };
  }

  release(): Promise<void> {
    return this.session.release();
  }

  /**
   * Among anchors within 0.1 of the best score (in probability), the one whose predicted box centre
   * is nearest the crop centre: a neighbour's face at the crop edge may score as high.
   */
  private pickAnchor(scores: Float32Array, regressors: Float32Array): number {
    let bestScore = -Infinity;
    for (const v of scores) bestScore = Math.max(bestScore, v);
    const floor = sigmoid(bestScore) - 0.1;
    let best = 0;
    let bestDistance = Infinity;
    for (let n = 0; n < scores.length; n++) {
      if (sigmoid(scores[n]) < floor) continue;
      const cx = regressors[n * 16] / SIZE + this.anchors[n * 2] - 0.5;
      const cy = regressors[n * 16 + 1] / SIZE + this.anchors[n * 2 + 1] - 0.5;
      const d = cx * cx + cy * cy;
      if (d < bestDistance) {
        bestDistance = d;
        best = n;
      }
    }
    return best;
  }
}

/** The square BlazeFace sees around a detection; a keypoint k in it maps back to left + k * scale. */
export interface BlazeFaceCrop {
  readonly crop: RgbImage;
  readonly left: number;
  readonly top: number;
  /** Source pixels per crop pixel. */
  readonly scale: number;
}

/**
 * A square of cropScale times the box's longer side around its centre, scaled to 128 px through
 * the one warp (a libvips crop and resize per face cost twice as much). The warp takes libvips'
 * own half-pixel shift, which differs between enlarging and reducing: the chip template was
 * calibrated on landmarks from libvips crops, and they stay the same to a grey level.
 */
export function blazeFaceCrop(image: RgbImage, box: Box, cropScale: number): BlazeFaceCrop {
  const side = Math.max(8, Math.round(Math.max(box.width, box.height) * cropScale));
  const left = Math.round(box.x + box.width / 2 - side / 2);
  const top = Math.round(box.y + box.height / 2 - side / 2);
  const scale = side / SIZE;
  const shift = scale < 1 ? -0.5 : 0.5 * scale - 0.5;
  const crop = warpSimilarity(
    image,
    { a: 1 / scale, b: 0, tx: -(left + shift) / scale, ty: -(top + shift) / scale },
    SIZE,
    SIZE,
  );
  return { crop, left, top, scale };
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, v))));
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
