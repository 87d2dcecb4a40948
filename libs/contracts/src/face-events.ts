import { z } from 'zod';
import { defineEvent } from './event-definition';
import { boxSchema, idSchema, instantSchema, pointSchema, templateSchema } from './primitives';

export const faceDetected = defineEvent({
  type: 'sightline.face.detected',
  version: 1,
  schema: z.object({
    cameraId: idSchema,
    trackId: idSchema,
    faceId: idSchema,
    frameId: idSchema,
    capturedAt: instantSchema,
    box: boxSchema,
    landmarks: z.array(pointSchema).min(5).max(6),
    detectorScore: z.number().min(0).max(1),
    quality: z.number().min(0).max(1),
    /** Aligned chip, JPEG base64. Biometric. */
    alignedChip: z.string().min(1),
  }),
});

export const faceEmbedded = defineEvent({
  type: 'sightline.face.embedded',
  version: 1,
  schema: z.object({
    cameraId: idSchema,
    trackId: idSchema,
    faceId: idSchema,
    capturedAt: instantSchema,
    quality: z.number().min(0).max(1),
    template: templateSchema,
    embedder: z.string().min(1),
  }),
});
