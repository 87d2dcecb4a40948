import type { FaceLandmarks } from './face-landmarks';

/**
 * Head pose proxies from 2-D landmark geometry (no 3-D model): roll in degrees from the eye line;
 * yaw as the nose's sideways offset from the eyes-mouth midline in eye distances (0 frontal,
 * ~±0.5 at profile); pitch as the nose's deviation from its frontal height between eyes and mouth.
 */
export interface FacePose {
  readonly rollDegrees: number;
  readonly yaw: number;
  readonly pitch: number;
  readonly eyeDistance: number;
}

/** Nose height between eye line (0) and mouth (1) on a frontal face, from the chip template. */
const FRONTAL_NOSE_HEIGHT = 0.515;

export function estimatePose(l: FaceLandmarks): FacePose {
  const ex = l.leftEye.x - l.rightEye.x;
  const ey = l.leftEye.y - l.rightEye.y;
  const eyeDistance = Math.hypot(ex, ey);
  const roll = Math.atan2(ey, ex);
  // Rotate into the face's own frame: x along the eye line, y down the face.
  const cos = Math.cos(-roll);
  const sin = Math.sin(-roll);
  const local = (p: { x: number; y: number }): { x: number; y: number } => ({
    x: (p.x - l.rightEye.x) * cos - (p.y - l.rightEye.y) * sin,
    y: (p.x - l.rightEye.x) * sin + (p.y - l.rightEye.y) * cos,
  });
  const nose = local(l.noseTip);
  const mouth = local(l.mouthCentre);
  const safe = eyeDistance > 1e-6 ? eyeDistance : 1e-6;
  const midlineX = (eyeDistance / 2 + mouth.x) / 2;
  const mouthDepth = Math.abs(mouth.y) > 1e-6 ? mouth.y : 1e-6;
  return {
    rollDegrees: (roll * 180) / Math.PI,
    yaw: (nose.x - midlineX) / safe,
    pitch: nose.y / mouthDepth - FRONTAL_NOSE_HEIGHT,
    eyeDistance,
  };
}
