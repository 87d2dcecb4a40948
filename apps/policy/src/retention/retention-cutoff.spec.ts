import { purgeDecision, type GovernancePolicy } from '@sightline/governance';
import { type AgePurgedClass, retentionCutoff } from './retention-cutoff';

const now = new Date('2026-06-30T12:00:00.000Z');
const policy = (
  evidenceDays: number,
  sightingsDays: number | 'forever',
): Pick<GovernancePolicy, 'retentionDays'> => ({
  retentionDays: {
    'match-evidence': evidenceDays,
    'confirmed-case-evidence': 365,
    'sightings-log': sightingsDays,
    audit: 'forever',
  },
});

describe('retentionCutoff', () => {
  it.each<[AgePurgedClass, Pick<GovernancePolicy, 'retentionDays'>, string | undefined]>([
    ['match-evidence', policy(30, 90), '2026-05-31T12:00:00.000Z'],
    ['match-evidence', policy(1, 90), '2026-06-29T12:00:00.000Z'],
    ['sightings-log', policy(30, 90), '2026-04-01T12:00:00.000Z'],
    ['sightings-log', policy(30, 'forever'), undefined],
  ])('%s under %j is %s', (retentionClass, given, expected) => {
    expect(retentionCutoff(retentionClass, given, now)?.toISOString()).toBe(expected);
  });

  it.each<[AgePurgedClass, Pick<GovernancePolicy, 'retentionDays'>]>([
    ['match-evidence', policy(30, 90)],
    ['match-evidence', policy(7, 90)],
    ['sightings-log', policy(30, 90)],
    ['sightings-log', policy(30, 400)],
  ])('agrees with purgeDecision at the boundary: %s under %j', (retentionClass, given) => {
    const cutoff = retentionCutoff(retentionClass, given, now) as Date;
    const decide = (createdAt: Date) =>
      purgeDecision({ retentionClass, createdAt }, given, now).kind;

    expect(decide(new Date(cutoff.getTime() - 1))).toBe('purge');
    expect(decide(cutoff)).toBe('purge');
    expect(decide(new Date(cutoff.getTime() + 1))).toBe('keep');
  });

  it('keeps everything purgeDecision keeps forever', () => {
    const given = policy(30, 'forever');
    expect(retentionCutoff('sightings-log', given, now)).toBeUndefined();
    expect(
      purgeDecision({ retentionClass: 'sightings-log', createdAt: new Date(0) }, given, now),
    ).toEqual({ kind: 'keep', reason: 'retained-forever' });
  });
});
