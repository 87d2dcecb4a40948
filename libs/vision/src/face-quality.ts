import type { DetectedFace } from './face-detector';
import type { FaceLandmarks } from './face-landmarks';
import { estimatePose, type FacePose } from './face-pose';
import type { RgbImage } from './rgb-image';
import { laplacianVariance } from './sharpness';

export enum QualityRejection {
  TOO_SMALL = 'TOO_SMALL',
  BLURRY = 'BLURRY',
  EXTREME_POSE = 'EXTREME_POSE',
  LOW_DETECTOR_SCORE = 'LOW_DETECTOR_SCORE',
  LOW_LANDMARK_CONFIDENCE = 'LOW_LANDMARK_CONFIDENCE',
}

export interface QualityThresholds {
  /** Eye distance in source pixels; dlib's chip puts the eyes ~55 px apart, below ~20 it is guesswork. */
  readonly minEyeDistance: number;
  readonly minSharpness: number;
  readonly maxAbsYaw: number;
  readonly maxAbsPitch: number;
  readonly minDetectorScore: number;
  readonly minLandmarkConfidence: number;
}

export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  minEyeDistance: 20,
  // Laplacian variance of the chip. On the street video (1080p, 60-80 px faces) chips at 17-25
  // still match the same person's other frames at cosine 0.95-0.98, while chips below 8 fall to
  // 0.93; 25 rejected most of a CCTV scene, 12 keeps the useful faces and drops the smeared ones.
  minSharpness: 12,
  maxAbsYaw: 0.3,
  maxAbsPitch: 0.25,
  minDetectorScore: 0.7,
  minLandmarkConfidence: 0.5,
};

export interface FaceQuality {
  /** 0..1, higher is better: for picking the best face of a track. */
  readonly score: number;
  readonly pose: FacePose;
  readonly sharpness: number;
  readonly detectorScore: number;
  readonly landmarkConfidence: number;
  /** Empty when the face is usable. */
  readonly rejections: QualityRejection[];
}

function ramp(value: number, zeroAt: number, oneAt: number): number {
  return Math.min(1, Math.max(0, (value - zeroAt) / (oneAt - zeroAt)));
}

/** Scores a face from its box, landmarks and aligned chip; each factor is 0..1 and they multiply. */
export function assessQuality(
  detection: DetectedFace,
  landmarks: FaceLandmarks,
  chip: RgbImage,
  thresholds: QualityThresholds = DEFAULT_QUALITY_THRESHOLDS,
): FaceQuality {
  const pose = estimatePose(landmarks);
  const sharpness = laplacianVariance(chip);
  const rejections: QualityRejection[] = [];
  if (pose.eyeDistance < thresholds.minEyeDistance) rejections.push(QualityRejection.TOO_SMALL);
  if (sharpness < thresholds.minSharpness) rejections.push(QualityRejection.BLURRY);
  if (Math.abs(pose.yaw) > thresholds.maxAbsYaw || Math.abs(pose.pitch) > thresholds.maxAbsPitch) {
    rejections.push(QualityRejection.EXTREME_POSE);
  }
  if (detection.score < thresholds.minDetectorScore)
    rejections.push(QualityRejection.LOW_DETECTOR_SCORE);
  if (landmarks.confidence < thresholds.minLandmarkConfidence)
    rejections.push(QualityRejection.LOW_LANDMARK_CONFIDENCE);
  const score =
    ramp(pose.eyeDistance, thresholds.minEyeDistance / 2, thresholds.minEyeDistance * 2.5) *
    ramp(sharpness, thresholds.minSharpness / 2, thresholds.minSharpness * 6) *
    ramp(-Math.abs(pose.yaw), -thresholds.maxAbsYaw * 1.5, 0) *
    ramp(-Math.abs(pose.pitch), -thresholds.maxAbsPitch * 1.5, 0) *
    detection.score *
    landmarks.confidence;
  return {
    score,
    pose,
    sharpness,
    detectorScore: detection.score,
    landmarkConfidence: landmarks.confidence,
    rejections,
  };
}
