import { z } from 'zod';
import { defineEvent } from './event-definition';
import { idSchema, instantSchema } from './primitives';

export const alertStatusSchema = z.enum(['pending_review', 'confirmed', 'dismissed', 'escalated']);

export const alertRaised = defineEvent({
  type: 'sightline.alert.raised',
  version: 1,
  schema: z.object({
    alertId: idSchema,
    cameraId: idSchema,
    trackId: idSchema,
    watchlistId: idSchema,
    subjectId: idSchema,
    score: z.number(),
    status: alertStatusSchema,
    raisedAt: instantSchema,
    /** Which face of the track matched, and its crop in the evidence store. */
    faceId: idSchema,
    evidenceId: idSchema,
    /** The enrolment photo the face matched. */
    photoReference: z.string().min(1),
    reviewMode: z.enum(['single', 'two-person']),
  }),
});

export const alertReviewed = defineEvent({
  type: 'sightline.alert.reviewed',
  version: 1,
  schema: z.object({
    alertId: idSchema,
    reviewerId: idSchema,
    decision: z.enum(['confirm', 'dismiss']),
    reason: z.string().min(1),
    status: alertStatusSchema,
  }),
});

/** A pending alert waited longer than the policy allows; reviewers' consoles raise its priority. */
export const alertEscalated = defineEvent({
  type: 'sightline.alert.escalated',
  version: 1,
  schema: z.object({
    alertId: idSchema,
    cameraId: idSchema,
    escalatedAt: instantSchema,
    /** How long it had waited for review, for the reviewers' supervisor. */
    pendingForMs: z.number().int().nonnegative(),
  }),
});

export const deliveryAttempted = defineEvent({
  type: 'sightline.delivery.attempted',
  version: 1,
  schema: z.object({
    alertId: idSchema,
    channel: z.enum(['webhook', 'grpc-stream', 'mqtt']),
    target: z.string().min(1),
    idempotencyKey: idSchema,
    attempt: z.number().int().positive(),
    outcome: z.enum(['delivered', 'failed', 'dead-lettered']),
  }),
});
