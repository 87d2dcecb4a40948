import {
  faceDetected,
  newEnvelope,
  type frameCaptured,
  trackClosed,
  type EventEnvelope,
  type PayloadOf,
} from '@sightline/contracts';
import { DETECT_SOURCE } from './detect-tuning';
import type { FaceCandidate, FaceOrigin } from './face-candidate';
import type { ClosedTrack } from './track-frame';

export type FrameCapturedEnvelope = EventEnvelope<
  typeof frameCaptured.type,
  PayloadOf<typeof frameCaptured>
>;

/** A face on its way out: the candidate with its chip encoded, for the track it belongs to. */
export interface SentFace extends Omit<FaceCandidate, 'chip'> {
  readonly trackId: string;
  /** Base64 JPEG of the aligned chip. */
  readonly chip: string;
}

export function faceOriginOf(frame: FrameCapturedEnvelope): FaceOrigin {
  const { payload } = frame;
  return {
    cameraId: payload.cameraId,
    zone: payload.zone,
    frameId: payload.frameId,
    sequence: payload.sequence,
    capturedAt: payload.capturedAt,
    correlationId: frame.correlationId,
  };
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/**
 * faceId is `${frameId}.${detectionIndex}`: a frame processed twice yields the same id. The event
 * carries the frame the face was seen in, which for a face held while its track was tentative is
 * an earlier frame than the one that confirmed the track.
 */
export function faceDetectedEnvelope(face: SentFace): EventEnvelope {
  const { origin, landmarks, detection } = face;
  return newEnvelope(
    faceDetected,
    {
      cameraId: origin.cameraId,
      zone: origin.zone,
      trackId: face.trackId,
      faceId: `${origin.frameId}.${face.detectionIndex}`,
      frameId: origin.frameId,
      frameSequence: origin.sequence,
      capturedAt: origin.capturedAt,
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
      correlationId: origin.correlationId,
      cameraId: origin.cameraId,
      occurredAt: new Date(origin.capturedAt),
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
