import type { Point, RgbImage } from './rgb-image';
import type { DetectedFace } from './face-detector';

/**
 * The points alignment and pose need, in source-image pixels. "Right" is the subject's right
 * (left in a non-mirrored image), as in dlib and MediaPipe.
 */
export interface FaceLandmarks {
  readonly rightEye: Point;
  readonly leftEye: Point;
  readonly noseTip: Point;
  readonly mouthCentre: Point;
  readonly rightEar: Point;
  readonly leftEar: Point;
  /** The landmark model's own face confidence on the crop, 0..1: a second opinion on the detection. */
  readonly confidence: number;
  /** iBUG 68-point layout when a 68-point model ran; the aligner then aligns exactly as dlib does. */
  readonly points68?: readonly Point[];
}

/** One file implementing this adds a landmark model. */
export interface Landmarker {
  locate(image: RgbImage, face: DetectedFace): Promise<FaceLandmarks>;
  release(): Promise<void>;
}
