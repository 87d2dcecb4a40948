import type { SightlineConfig } from '@sightline/config';
import { governancePolicySchema, type GovernancePolicy } from '@sightline/governance';

/** Injection token of the GovernancePolicy the retention purges apply. */
export const GOVERNANCE_POLICY = Symbol('GOVERNANCE_POLICY');

/** The deployment's policy, from config (GOVERNANCE_*, REVIEW_*, RETENTION_*), validated at start. */
export function governancePolicyOf(config: SightlineConfig): GovernancePolicy {
  const { maxWatchlistDays, escalateAfterMinutes, retentionDays } = config.governance;
  return governancePolicySchema.parse({ maxWatchlistDays, escalateAfterMinutes, retentionDays });
}

/** The defaults of the config table, for tests. */
export const DEFAULT_GOVERNANCE_POLICY: GovernancePolicy = governancePolicySchema.parse({
  maxWatchlistDays: 90,
  escalateAfterMinutes: 15,
  retentionDays: {
    'match-evidence': 30,
    'confirmed-case-evidence': 365,
    'sightings-log': 90,
    audit: 'forever',
  },
});
