import type { DetectedFace } from './face-detector';
import type { FaceLandmarks, Landmarker } from './face-landmarks';
import { cropRgb, resizeRgb, toPlanarFloat } from './image-resize';
import type { InferenceSession, InferenceSessionFactory } from './inference-session';
import { MODEL_MANIFEST } from './model-manifest';
import type { ModelStore } from './model-store';
import type { Point, RgbImage } from './rgb-image';
import { VisionError, VisionErrorCode } from './vision-error';

const SIZE = 112;
const SPEC = MODEL_MANIFEST['face-landmark-68'].input;

function mean(points: readonly Point[], indices: readonly number[]): Point {
  let x = 0;
  let y = 0;
  for (const i of indices) {
    x += points[i].x;
    y += points[i].y;
  }
  return { x: x / indices.length, y: y / indices.length };
}

/** The summary points every consumer understands, derived from the iBUG 68-point layout. */
export function landmarksFrom68(points: readonly Point[], confidence: number): FaceLandmarks {
  return {
    rightEye: mean(points, [36, 37, 38, 39, 40, 41]),
    leftEye: mean(points, [42, 43, 44, 45, 46, 47]),
    noseTip: points[30],
    mouthCentre: mean(points, [62, 66]),
    // The jaw line's ends sit next to the ear tragions; close enough for pose, never for alignment.
    rightEar: points[0],
    leftEar: points[16],
    confidence,
    points68: points,
  };
}

export interface FaceLandmark68Options {
  readonly threads?: number;
}

/**
 * face-api.js's 68-point landmark net (MIT) rebuilt as ONNX by tools/models. It sees the square
 * crop of the detector box, as in the calibration and LFW study. It has no confidence of its own:
 * `locateWith` takes one from another model (BlazeFace) run on the same face.
 */
export class FaceLandmark68Landmarker implements Landmarker {
  private constructor(private readonly session: InferenceSession) {}

  static async create(
    store: ModelStore,
    sessions: InferenceSessionFactory,
    options: FaceLandmark68Options = {},
  ): Promise<FaceLandmark68Landmarker> {
    const model = await store.load('face-landmark-68');
    return new FaceLandmark68Landmarker(await sessions.create(model, { threads: options.threads }));
  }

  async points(image: RgbImage, face: DetectedFace): Promise<Point[]> {
    const side = Math.max(8, Math.round(Math.max(face.box.width, face.box.height)));
    const left = Math.round(face.box.x + face.box.width / 2 - side / 2);
    const top = Math.round(face.box.y + face.box.height / 2 - side / 2);
    const crop = await resizeRgb(cropRgb(image, left, top, side, side), SIZE, SIZE);
    const out = await this.session.run({
      [SPEC.name]: { data: toPlanarFloat(crop, SPEC.mean, SPEC.scale), dims: [1, 3, SIZE, SIZE] },
    });
    const values = out['landmarks']?.data;
    if (!values || values.length !== 136) {
      throw new VisionError(
        VisionErrorCode.MODEL_OUTPUT_MISMATCH,
        `68-point model gave ${values?.length ?? 0} values`,
      );
    }
    const points: Point[] = [];
    for (let i = 0; i < 68; i++)
      points.push({ x: left + values[2 * i] * side, y: top + values[2 * i + 1] * side });
    return points;
  }

  async locate(image: RgbImage, face: DetectedFace): Promise<FaceLandmarks> {
    return landmarksFrom68(await this.points(image, face), face.score);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/**
 * The 68-point net was trained on tight face boxes; UltraFace's boxes are taller and vary with the
 * head's outline. So the crop for it is rebuilt from BlazeFace's points: centred between the eyes'
 * midpoint and the mouth, `CROP_PER_EYE_MOUTH` times that distance wide.
 */
const CROP_PER_EYE_MOUTH = 1.9;

export function cropBoxFromKeypoints(l: FaceLandmarks): DetectedFace['box'] {
  const eyes = { x: (l.rightEye.x + l.leftEye.x) / 2, y: (l.rightEye.y + l.leftEye.y) / 2 };
  const d = Math.hypot(l.mouthCentre.x - eyes.x, l.mouthCentre.y - eyes.y);
  const side = Math.max(8, d * CROP_PER_EYE_MOUTH);
  const cx = (eyes.x + l.mouthCentre.x) / 2;
  const cy = (eyes.y + l.mouthCentre.y) / 2;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

/** BlazeFace's confidence and framing, with the 68-point model's geometry. */
export class ConfirmedLandmark68Landmarker implements Landmarker {
  constructor(
    private readonly confirm: Landmarker,
    private readonly points68: FaceLandmark68Landmarker,
  ) {}

  async locate(image: RgbImage, face: DetectedFace): Promise<FaceLandmarks> {
    const confirmation = await this.confirm.locate(image, face);
    const box = cropBoxFromKeypoints(confirmation);
    const points = await this.points68.points(image, { score: face.score, box });
    return landmarksFrom68(points, confirmation.confidence);
  }

  async release(): Promise<void> {
    await Promise.all([this.confirm.release(), this.points68.release()]);
  }
}
