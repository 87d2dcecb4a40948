import { z } from 'zod';

export const idSchema = z.string().min(1).max(128);
export const instantSchema = z.iso.datetime({ offset: true });
export const boxSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
});
/** An aligned face chip, JPEG base64. Biometric: only on short-retention topics and the evidence store. */
export const chipSchema = z.string().min(1);
/** Where a camera sits; watchlists are scoped to zones. */
export const zoneSchema = z.string().min(1).max(128);
export const pointSchema = z.object({ x: z.number(), y: z.number() });

/** A face template: the embedder's L2-normalised vector. Biometric: only on short-retention topics. */
export const templateSchema = z
  .array(z.number().refine(Number.isFinite, 'template values must be finite'))
  .min(64)
  .max(1024)
  .refine((values) => Math.abs(Math.hypot(...values) - 1) < 1e-3, 'template must be L2-normalised');
