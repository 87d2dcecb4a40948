import { z } from 'zod';
import { defineEvent } from './event-definition';
import { idSchema, instantSchema, zoneSchema } from './primitives';

export const frameSourceSchema = z.enum(['file', 'rtsp', 'http', 'upload', 'grpc']);

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
    /** Copied from the camera registry at capture, so detect needs no registry of its own. */
    zone: zoneSchema,
    /** A sensitive camera never identifies anyone: detect passes on a face count only. */
    sensitive: z.boolean(),
    source: frameSourceSchema,
  }),
});
