import { z } from 'zod';
import { defineEvent } from './event-definition';
import { idSchema, instantSchema, templateSchema } from './primitives';

export const reviewModeSchema = z.enum(['single', 'two-person']);

export const watchlistCreated = defineEvent({
  type: 'sightline.gallery.watchlist-created',
  version: 1,
  schema: z.object({
    watchlistId: idSchema,
    name: z.string().min(1),
    purpose: z.string().min(1),
    legalBasis: z.string().min(1),
    authorisedBy: z.string().min(1),
    owner: z.string().min(1),
    expiresAt: instantSchema,
    zones: z.array(z.string().min(1)),
    threshold: z.number().min(0).max(1),
    reviewMode: reviewModeSchema,
  }),
});

export const subjectEnrolled = defineEvent({
  type: 'sightline.gallery.subject-enrolled',
  version: 1,
  schema: z.object({
    watchlistId: idSchema,
    subjectId: idSchema,
    displayName: z.string().min(1),
    legalBasis: z.string().min(1),
    sourceReference: z.string().min(1),
    enrolledBy: z.string().min(1),
  }),
});

export const templateAdded = defineEvent({
  type: 'sightline.gallery.template-added',
  version: 1,
  schema: z.object({
    watchlistId: idSchema,
    subjectId: idSchema,
    templateId: idSchema,
    template: templateSchema,
    embedder: z.string().min(1),
    photoReference: z.string().min(1),
  }),
});

export const subjectRemoved = defineEvent({
  type: 'sightline.gallery.subject-removed',
  version: 1,
  schema: z.object({
    watchlistId: idSchema,
    subjectId: idSchema,
    removedBy: z.string().min(1),
    reason: z.string().min(1),
  }),
});

export const templateRemoved = defineEvent({
  type: 'sightline.gallery.template-removed',
  version: 1,
  schema: z.object({
    watchlistId: idSchema,
    subjectId: idSchema,
    templateId: idSchema,
    removedBy: z.string().min(1),
  }),
});

export const watchlistExpired = defineEvent({
  type: 'sightline.gallery.watchlist-expired',
  version: 1,
  schema: z.object({ watchlistId: idSchema, expiredAt: instantSchema }),
});
