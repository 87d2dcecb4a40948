import type { Box, RgbImage } from './rgb-image';

export interface DetectedFace {
  /** Source-image pixels, clipped to the image. */
  readonly box: Box;
  readonly score: number;
}

/** One file implementing this plus a manifest entry adds a detector (e.g. a user's YuNet). */
export interface FaceDetector {
  detect(image: RgbImage): Promise<DetectedFace[]>;
  release(): Promise<void>;
}
