import { z } from 'zod';
import { defineEvent } from './event-definition';
import { idSchema, instantSchema } from './primitives';

export const frameCaptured = defineEvent({
  type: 'sightline.frame.captured',
  version: 1,
  schema: z.object({
    cameraId: idSchema,
    frameId: idSchema,
    capturedAt: instantSchema,
    sequence: z.number().int().nonnegative(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    encoding: z.enum(['jpeg', 'png']),
    /** The encoded image, base64. */
    image: z.string().min(1),
  }),
});
