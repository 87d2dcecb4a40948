import { z } from 'zod';
import { defineEvent } from './event-definition';
import { idSchema, instantSchema } from './primitives';

/** Who did what, why, when, and which database was searched (EU AI Act Art. 12). Hash-chained by the policy service. */
export const auditRecorded = defineEvent({
  type: 'sightline.audit.recorded',
  version: 1,
  schema: z.object({
    actor: idSchema,
    // anonymous: a caller refused before it proved who it is (no, expired or tampered token).
    role: z.enum(['admin', 'enroller', 'reviewer', 'auditor', 'partner', 'system', 'anonymous']),
    purpose: z.string().min(1),
    action: z.string().min(1),
    target: z.string().min(1),
    at: instantSchema,
    databaseSearched: z.string().optional(),
    outcome: z.enum(['allowed', 'refused', 'suppressed']),
  }),
});
