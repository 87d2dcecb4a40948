import type { DetectedFace, FaceLandmarks, RgbImage } from '@sightline/vision';

/** The frame a face was seen in, without its image: what its faceDetected event needs. */
export interface FaceOrigin {
  readonly cameraId: string;
  readonly zone: string;
  readonly frameId: string;
  readonly sequence: number;
  readonly capturedAt: string;
  readonly correlationId: string;
}

/**
 * A usable face as detect analysed it, before its chip is encoded. Faces of a tentative track
 * are held in memory in this form until the track is confirmed (then sent) or discarded (then
 * dropped). It carries the aligned chip, so it is never written to the tracker checkpoint.
 */
export interface FaceCandidate {
  readonly origin: FaceOrigin;
  readonly detectionIndex: number;
  readonly detection: DetectedFace;
  readonly landmarks: FaceLandmarks;
  readonly quality: number;
  readonly chip: RgbImage;
}
