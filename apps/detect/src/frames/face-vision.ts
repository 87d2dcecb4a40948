import type { DetectedFace, FaceLandmarks, FaceQuality, RgbImage } from '@sightline/vision';

/**
 * The vision steps detect runs, one method per stage so each can be timed; everything that
 * touches ORT or sharp is behind it so the use case is unit-tested with a fake. No embedder:
 * templates are the embed service's job.
 */
export abstract class FaceVision {
  /** Throws a VisionError when the bytes are not a usable image. */
  abstract decode(bytes: Uint8Array): Promise<RgbImage>;
  abstract detect(image: RgbImage): Promise<DetectedFace[]>;
  abstract landmarks(image: RgbImage, face: DetectedFace): Promise<FaceLandmarks>;
  /** The aligned chip the embedder expects. */
  abstract align(image: RgbImage, landmarks: FaceLandmarks): RgbImage;
  abstract quality(face: DetectedFace, landmarks: FaceLandmarks, chip: RgbImage): FaceQuality;
  /** JPEG, base64: the wire form of `alignedChip`. */
  abstract encodeChip(chip: RgbImage): Promise<string>;
}
