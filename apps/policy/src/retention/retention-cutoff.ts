import type { GovernancePolicy } from '@sightline/governance';

const DAY_MS = 86_400_000;

/** The age-purged classes whose rows the purges select by time in the database. */
export type AgePurgedClass = 'match-evidence' | 'sightings-log';

/**
 * The newest start time that is due for purging at `now`: a row started at or before the cutoff has
 * outlived its class (purgeDecision says purge), a row started after it has not. `undefined` when
 * the class is kept forever. The query form of purgeDecision, table-tested against it.
 */
export function retentionCutoff(
  retentionClass: AgePurgedClass,
  policy: Pick<GovernancePolicy, 'retentionDays'>,
  now: Date,
): Date | undefined {
  const days = policy.retentionDays[retentionClass];
  if (days === 'forever') return undefined;
  return new Date(now.getTime() - days * DAY_MS);
}
