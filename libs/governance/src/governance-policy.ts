import { z } from 'zod';

const days = z.number().int().positive();

/**
 * The knobs a deployment may turn. Everything else in this library is law, not configuration.
 * Non-match biometrics are deliberately absent: their retention is fixed at zero.
 */
export const governancePolicySchema = z.object({
  maxWatchlistDays: days,
  escalateAfterMinutes: z.number().int().positive(),
  retentionDays: z.object({
    'match-evidence': days,
    'confirmed-case-evidence': days,
    'sightings-log': z.union([days, z.literal('forever')]),
    audit: z.union([days, z.literal('forever')]),
  }),
});

export type GovernancePolicy = z.infer<typeof governancePolicySchema>;
