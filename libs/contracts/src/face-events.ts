import { z } from 'zod';
import { defineEvent } from './event-definition';
import {
  boxSchema,
  chipSchema,
  idSchema,
  instantSchema,
  pointSchema,
  templateSchema,
  zoneSchema,
} from './primitives';

/** One of a track's best faces, sent as soon as it beats the faces sent before it. */
export const faceDetected = defineEvent({
  type: 'sightline.face.detected',
  version: 1,
  schema: z.object({
    cameraId: idSchema,
    zone: zoneSchema,
    trackId: idSchema,
    faceId: idSchema,
    frameId: idSchema,
    frameSequence: z.number().int().nonnegative(),
    capturedAt: instantSchema,
    box: boxSchema,
    landmarks: z.array(pointSchema).min(5).max(6),
    detectorScore: z.number().min(0).max(1),
    quality: z.number().min(0).max(1),
    alignedChip: chipSchema,
  }),
});

export const trackIdentificationSchema = z.enum([
  /** At least one face passed the quality bar and was sent to be matched. */
  'attempted',
  'sensitive-camera',
  'no-usable-face',
]);

/**
 * A track ended (the person left the view). It follows the track's faces on the same partition,
 * through embed to match, so match knows every face of the track has been searched.
 */
export const trackClosed = defineEvent({
  type: 'sightline.track.closed',
  version: 1,
  schema: z.object({
    cameraId: idSchema,
    zone: zoneSchema,
    trackId: idSchema,
    firstSeenAt: instantSchema,
    lastSeenAt: instantSchema,
    /** Capture time of the frame that closed the track: the start of frame-to-sighting latency. */
    closedAt: instantSchema,
    facesSeen: z.number().int().positive(),
    facesSent: z.number().int().nonnegative(),
    /**
     * Best quality of any face of the track that detect assessed, sent or not; 0 when none was
     * (every face too small for the quality bar, or a sensitive camera).
     */
    bestQuality: z.number().min(0).max(1),
    identification: trackIdentificationSchema,
  }),
});

/** A template awaiting 1:N search; the chip rides along only so a hit can keep its evidence. */
export const faceEmbedded = defineEvent({
  type: 'sightline.face.embedded',
  version: 1,
  schema: z.object({
    cameraId: idSchema,
    zone: zoneSchema,
    trackId: idSchema,
    faceId: idSchema,
    capturedAt: instantSchema,
    quality: z.number().min(0).max(1),
    template: templateSchema,
    embedder: z.string().min(1),
    alignedChip: chipSchema,
  }),
});

/** The crop of a face that matched a watchlist, kept for the human review of its alert. */
export const evidenceCaptured = defineEvent({
  type: 'sightline.evidence.captured',
  version: 1,
  schema: z.object({
    evidenceId: idSchema,
    cameraId: idSchema,
    trackId: idSchema,
    faceId: idSchema,
    capturedAt: instantSchema,
    watchlistId: idSchema,
    subjectId: idSchema,
    score: z.number().min(-1).max(1),
    alignedChip: chipSchema,
    /** The enrolment photo the face matched, for the reviewer to compare. */
    photoReference: z.string().min(1),
  }),
});
