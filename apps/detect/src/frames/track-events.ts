import {
  faceDetected,
  newEnvelope,
  type frameCaptured,
  trackClosed,
  type EventEnvelope,
  type PayloadOf,
} from '@sightline/contracts';
import type { DetectedFace, FaceLandmarks } from '@sightline/vision';
import { DETECT_SOURCE } from './detect-tuning';
import type { ClosedTrack } from './track-frame';

export type FrameCapturedEnvelope = EventEnvelope<
  typeof frameCaptured.type,
  PayloadOf<typeof frameCaptured>
>;

export interface SentFace {
  readonly trackId: string;
  readonly detectionIndex: number;
  readonly detection: DetectedFace;
  readonly landmarks: FaceLandmarks;
  readonly quality: number;
  readonly chip: string;
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/** faceId is `${frameId}.${detectionIndex}`: a frame processed twice yields the same id. */
export function faceDetectedEnvelope(frame: FrameCapturedEnvelope, face: SentFace): EventEnvelope {
  const { payload } = frame;
  const { landmarks, detection } = face;
  return newEnvelope(
    faceDetected,
    {
      cameraId: payload.cameraId,
      zone: payload.zone,
      trackId: face.trackId,
      faceId: `${payload.frameId}.${face.detectionIndex}`,
      frameId: payload.frameId,
      frameSequence: payload.sequence,
      capturedAt: payload.capturedAt,
      box: detection.box,
      landmarks: [
        landmarks.rightEye,
        landmarks.leftEye,
        landmarks.noseTip,
        landmarks.mouthCentre,
        landmarks.rightEar,
        landmarks.leftEar,
      ].map(({ x, y }) => ({ x, y })),
      detectorScore: clamp01(detection.score),
      quality: clamp01(face.quality),
      alignedChip: face.chip,
    },
    {
      source: DETECT_SOURCE,
      correlationId: frame.correlationId,
      cameraId: payload.cameraId,
      occurredAt: new Date(payload.capturedAt),
    },
  );
}

/** `correlationId` is the closing frame's; an idle closure has no frame and starts its own chain. */
export function trackClosedEnvelope(
  cameraId: string,
  zone: string,
  track: ClosedTrack,
  correlationId?: string,
): EventEnvelope {
  return newEnvelope(
    trackClosed,
    {
      cameraId,
      zone,
      trackId: track.trackId,
      firstSeenAt: track.firstSeenAt,
      lastSeenAt: track.lastSeenAt,
      closedAt: track.closedAt,
      facesSeen: track.facesSeen,
      facesSent: track.facesSent,
      bestQuality: clamp01(track.bestQuality),
      identification: track.identification,
    },
    {
      source: DETECT_SOURCE,
      cameraId,
      occurredAt: new Date(track.closedAt),
      ...(correlationId === undefined ? {} : { correlationId }),
    },
  );
}
