import { governancePolicySchema, type GovernancePolicy } from './governance-policy';
import {
  NON_MATCH_BIOMETRIC_RETENTION_MS,
  purgeDecision,
  type PurgeDecision,
  type RetainedRecord,
} from './retention';

const DAY = 86_400_000;
const createdAt = new Date('2026-01-01T00:00:00.000Z');
const closedAt = new Date('2026-06-01T00:00:00.000Z');
const after = (start: Date, days: number, ms = 0) => new Date(start.getTime() + days * DAY + ms);

const policy: Pick<GovernancePolicy, 'retentionDays'> = {
  retentionDays: {
    'match-evidence': 30,
    'confirmed-case-evidence': 365,
    'sightings-log': 90,
    audit: 'forever',
  },
};

const keep = (reason: Extract<PurgeDecision, { kind: 'keep' }>['reason']): PurgeDecision => ({
  kind: 'keep',
  reason,
});
const purge = (expiredAt: Date): PurgeDecision => ({ kind: 'purge', expiredAt });

describe('purgeDecision', () => {
  it.each<[string, RetainedRecord, Date, PurgeDecision]>([
    [
      'match evidence inside 30 days',
      { retentionClass: 'match-evidence', createdAt },
      after(createdAt, 30, -1),
      keep('within-retention'),
    ],
    [
      'match evidence at 30 days',
      { retentionClass: 'match-evidence', createdAt },
      after(createdAt, 30),
      purge(after(createdAt, 30)),
    ],
    [
      'sightings log inside 90 days',
      { retentionClass: 'sightings-log', createdAt },
      after(createdAt, 89),
      keep('within-retention'),
    ],
    [
      'sightings log after 90 days',
      { retentionClass: 'sightings-log', createdAt },
      after(createdAt, 91),
      purge(after(createdAt, 90)),
    ],
    [
      'audit kept forever',
      { retentionClass: 'audit', createdAt },
      after(createdAt, 36_500),
      keep('retained-forever'),
    ],
    [
      'case evidence while the case is open, years later',
      { retentionClass: 'confirmed-case-evidence', createdAt, case: { status: 'open' } },
      after(createdAt, 3650),
      keep('case-open'),
    ],
    [
      'case evidence counted from closure, not creation',
      {
        retentionClass: 'confirmed-case-evidence',
        createdAt,
        case: { status: 'closed', closedAt },
      },
      after(createdAt, 366),
      keep('within-retention'),
    ],
    [
      'case evidence a year after closure',
      {
        retentionClass: 'confirmed-case-evidence',
        createdAt,
        case: { status: 'closed', closedAt },
      },
      after(closedAt, 365),
      purge(after(closedAt, 365)),
    ],
    [
      'non-match biometrics at the instant they are made',
      { retentionClass: 'non-match-biometrics', createdAt },
      createdAt,
      purge(createdAt),
    ],
  ])('%s', (_case, record, now, expected) => {
    expect(purgeDecision(record, policy, now)).toEqual(expected);
  });

  it('keeps non-match biometrics for zero time, whatever the configured durations', () => {
    expect(NON_MATCH_BIOMETRIC_RETENTION_MS).toBe(0);
    const generous = { retentionDays: { ...policy.retentionDays, 'match-evidence': 10_000 } };
    expect(
      purgeDecision({ retentionClass: 'non-match-biometrics', createdAt }, generous, createdAt),
    ).toEqual(purge(createdAt));
  });

  it.each<[string, unknown, boolean]>([
    ['a complete policy', { maxWatchlistDays: 30, escalateAfterMinutes: 15, ...policy }, true],
    [
      'match evidence kept forever',
      {
        maxWatchlistDays: 30,
        escalateAfterMinutes: 15,
        retentionDays: { ...policy.retentionDays, 'match-evidence': 'forever' },
      },
      false,
    ],
    [
      'a zero-day audit',
      {
        maxWatchlistDays: 30,
        escalateAfterMinutes: 15,
        retentionDays: { ...policy.retentionDays, audit: 0 },
      },
      false,
    ],
    [
      'a non-match biometrics knob is stripped, never honoured',
      {
        maxWatchlistDays: 30,
        escalateAfterMinutes: 15,
        retentionDays: { ...policy.retentionDays, 'non-match-biometrics': 7 },
      },
      true,
    ],
  ])('policy schema: %s → valid %s', (_case, candidate, valid) => {
    const parsed = governancePolicySchema.safeParse(candidate);
    expect(parsed.success).toBe(valid);
    if (parsed.success)
      expect(Object.keys(parsed.data.retentionDays)).not.toContain('non-match-biometrics');
  });
});
