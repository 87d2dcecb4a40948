import type { FaceLandmarks } from './face-landmarks';
import type { Point } from './rgb-image';

/**
 * Where the landmarks go on the dlib ResNet's 150x150 chip. dlib aligns with
 * get_face_chip_details(shape, 150, 0.25): its 68-point mean face mapped by (0.25 + m) / 1.5 * 150.
 * BlazeFace gives eye centres, nose tip and mouth centre, so the targets are the matching
 * mean-face points: the mean of points 36-41 and 42-47, point 30, and the midpoint of 62 and 66.
 */
export interface ChipTemplate {
  readonly size: number;
  readonly rightEye: Point;
  readonly leftEye: Point;
  readonly noseTip: Point;
  readonly mouthCentre: Point;
}

const PADDING = 0.25;
const SIZE = 150;

function fromMeanFace(x: number, y: number): Point {
  return {
    x: ((PADDING + x) / (1 + 2 * PADDING)) * SIZE,
    y: ((PADDING + y) / (1 + 2 * PADDING)) * SIZE,
  };
}

/** First-principles targets from the mean face; kept for comparison and as the calibration start. */
export const DLIB_MEAN_FACE_TEMPLATE: ChipTemplate = {
  size: SIZE,
  rightEye: fromMeanFace(0.2254918, 0.2159903),
  leftEye: fromMeanFace(0.7547613, 0.2159903),
  noseTip: fromMeanFace(0.490127, 0.515625),
  mouthCentre: fromMeanFace(0.490127, 0.808573),
};

/**
 * Where BlazeFace's points actually land on chips aligned the dlib way (68 landmarks onto the mean
 * face), fitted on 300 LFW dev-train faces by tools/models/src/calibrate-chip-template.ts. BlazeFace's
 * "eye" sits lower and wider than the mean of dlib's eye contour, hence the difference.
 */
export const DLIB_CHIP_TEMPLATE: ChipTemplate = {
  size: SIZE,
  rightEye: { x: 47.806, y: 48.917 },
  leftEye: { x: 103.104, y: 48.404 },
  noseTip: { x: 74.455, y: 78.822 },
  mouthCentre: { x: 75.204, y: 107.18 },
};

export function templatePoints(t: ChipTemplate): Point[] {
  return [t.rightEye, t.leftEye, t.noseTip, t.mouthCentre];
}

export function landmarkPoints(l: FaceLandmarks): Point[] {
  return [l.rightEye, l.leftEye, l.noseTip, l.mouthCentre];
}
