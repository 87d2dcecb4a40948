import { assertUnreachable } from '@sightline/contracts';
import type { GovernancePolicy } from './governance-policy';

/**
 * Templates and face crops that matched nobody are kept for no time at all: they are dropped
 * in memory by the stage that made them. Fixed by law, so not part of GovernancePolicy.
 */
export const NON_MATCH_BIOMETRIC_RETENTION_MS = 0;

export type ConfigurableRetentionClass = keyof GovernancePolicy['retentionDays'];
export type RetentionClass = ConfigurableRetentionClass | 'non-match-biometrics';

export type CaseStatus =
  { readonly status: 'open' } | { readonly status: 'closed'; readonly closedAt: Date };

export type RetainedRecord =
  | {
      readonly retentionClass: Exclude<RetentionClass, 'confirmed-case-evidence'>;
      readonly createdAt: Date;
    }
  | {
      readonly retentionClass: 'confirmed-case-evidence';
      readonly createdAt: Date;
      readonly case: CaseStatus;
    };

export type PurgeDecision =
  | {
      readonly kind: 'keep';
      readonly reason: 'within-retention' | 'case-open' | 'retained-forever';
    }
  | { readonly kind: 'purge'; readonly expiredAt: Date };

const DAY_MS = 86_400_000;

function byAge(start: Date, retention: number | 'forever', now: Date): PurgeDecision {
  if (retention === 'forever') return { kind: 'keep', reason: 'retained-forever' };
  const expiredAt = new Date(start.getTime() + retention * DAY_MS);
  return now.getTime() >= expiredAt.getTime()
    ? { kind: 'purge', expiredAt }
    : { kind: 'keep', reason: 'within-retention' };
}

/** Whether a stored record has outlived its retention class at `now`. */
export function purgeDecision(
  record: RetainedRecord,
  policy: Pick<GovernancePolicy, 'retentionDays'>,
  now: Date,
): PurgeDecision {
  switch (record.retentionClass) {
    case 'non-match-biometrics':
      return {
        kind: 'purge',
        expiredAt: new Date(record.createdAt.getTime() + NON_MATCH_BIOMETRIC_RETENTION_MS),
      };
    case 'match-evidence':
    case 'sightings-log':
    case 'audit':
      return byAge(record.createdAt, policy.retentionDays[record.retentionClass], now);
    case 'confirmed-case-evidence':
      // Evidence must outlive the case it supports; its clock starts only when the case closes.
      if (record.case.status === 'open') return { kind: 'keep', reason: 'case-open' };
      return byAge(record.case.closedAt, policy.retentionDays['confirmed-case-evidence'], now);
    default:
      return assertUnreachable(record);
  }
}
