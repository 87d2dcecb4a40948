import { z } from 'zod';
import { defineEvent } from './event-definition';
import { idSchema, instantSchema } from './primitives';

/** One per track. Without a match it carries nothing biometric: camera, time, track, quality. */
export const sightingRecorded = defineEvent({
  type: 'sightline.sighting.recorded',
  version: 1,
  schema: z.object({
    cameraId: idSchema,
    trackId: idSchema,
    firstSeenAt: instantSchema,
    lastSeenAt: instantSchema,
    facesSeen: z.number().int().nonnegative(),
    /** The track's bestQuality from track.closed: 0 when no face of it was assessed. */
    bestQuality: z.number().min(0).max(1),
    match: z.discriminatedUnion('status', [
      z.object({ status: z.literal('none') }),
      z.object({
        status: z.literal('not-attempted'),
        reason: z.enum(['sensitive-camera', 'no-usable-face', 'restricted-place']),
      }),
      z.object({
        status: z.literal('matched'),
        watchlistId: idSchema,
        subjectId: idSchema,
        score: z.number().min(-1).max(1),
        faceId: idSchema,
        templateId: idSchema,
        /** evidence.v1 id of the matched crop; the crop itself never enters this log. */
        evidenceId: idSchema,
      }),
    ]),
  }),
});
