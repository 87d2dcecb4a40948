import { ServiceMetrics } from '@sightline/observability';
import type { AuditFact, AuditTrail, Clock } from '@sightline/service-kit';
import { DEFAULT_GOVERNANCE_POLICY } from './governance-policy.defaults';
import { PurgeMatchEvidenceUseCase } from './purge-match-evidence.usecase';
import { PURGE_PAGE_SIZE } from './purge-report';
import { PurgeSightingsLogUseCase } from './purge-sightings-log.usecase';
import { RetentionMetrics } from './retention-metrics';
import type { EvidenceCursor, RetentionRepository } from './retention.repository';

const DAY = 86_400_000;
const now = new Date('2026-06-30T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const policy = {
  ...DEFAULT_GOVERNANCE_POLICY,
  retentionDays: { ...DEFAULT_GOVERNANCE_POLICY.retentionDays, 'match-evidence': 30 },
};

/** The three collections in memory, answering the repository's queries with its semantics. */
class InMemoryRetentionRows {
  readonly evidence = new Map<string, Date>();
  readonly sightings = new Map<string, Date>();
  readonly confirmedEvidence = new Set<string>();

  async findEvidenceCapturedBy(cutoff: Date, after: EvidenceCursor | undefined, limit: number) {
    return [...this.evidence]
      .map(([id, capturedAt]) => ({ id, capturedAt }))
      .filter((row) => row.capturedAt.getTime() <= cutoff.getTime())
      .sort((a, b) => a.capturedAt.getTime() - b.capturedAt.getTime() || (a.id < b.id ? -1 : 1))
      .filter(
        (row) =>
          !after ||
          row.capturedAt.getTime() > after.capturedAt.getTime() ||
          (row.capturedAt.getTime() === after.capturedAt.getTime() && row.id > after.id),
      )
      .slice(0, limit);
  }

  async findConfirmedCaseEvidence(ids: readonly string[]) {
    return new Set(ids.filter((id) => this.confirmedEvidence.has(id)));
  }

  async deleteEvidence(ids: readonly string[]) {
    return ids.filter((id) => this.evidence.delete(id)).length;
  }

  async findSightingsFirstSeenBy(cutoff: Date, limit: number) {
    return [...this.sightings]
      .filter(([, at]) => at.getTime() <= cutoff.getTime())
      .sort(([, a], [, b]) => a.getTime() - b.getTime())
      .slice(0, limit)
      .map(([id]) => id);
  }

  async deleteSightings(ids: readonly string[]) {
    return ids.filter((id) => this.sightings.delete(id)).length;
  }
}

function setup(given = policy) {
  const rows = new InMemoryRetentionRows();
  const audited: AuditFact[] = [];
  const audit = {
    record: jest.fn(async (fact: AuditFact) => {
      audited.push(fact);
    }),
  };
  const metrics = new RetentionMetrics(new ServiceMetrics('policy-test'));
  const clock = { now: () => now } as Clock;
  const repository = rows as unknown as RetentionRepository;
  const trail = audit as unknown as AuditTrail;
  return {
    rows,
    audit,
    audited,
    metrics,
    evidence: new PurgeMatchEvidenceUseCase(repository, trail, metrics, clock, given),
    sightings: new PurgeSightingsLogUseCase(repository, trail, metrics, clock, given),
  };
}

describe('PurgeMatchEvidenceUseCase', () => {
  it('deletes exactly the evidence past 30 days, keeps confirmed cases, and audits once', async () => {
    const { rows, evidence, audited, metrics } = setup();
    rows.evidence.set('old-pending', ago(45 * DAY));
    rows.evidence.set('exactly-due', ago(30 * DAY));
    rows.evidence.set('old-confirmed', ago(100 * DAY));
    rows.evidence.set('just-young', ago(30 * DAY - 1));
    rows.evidence.set('fresh', ago(DAY));
    rows.confirmedEvidence.add('old-confirmed');

    const report = await evidence.execute();

    expect(report).toEqual({
      retentionClass: 'match-evidence',
      cutoff: ago(30 * DAY),
      purged: 2,
      kept: 1,
    });
    expect([...rows.evidence.keys()].sort()).toEqual(['fresh', 'just-young', 'old-confirmed']);
    expect(audited).toEqual([
      {
        actor: 'retention-job',
        role: 'system',
        purpose: 'retention',
        action: 'purge.match-evidence',
        target:
          'evidence: 2 rows captured at or before 2026-05-31T12:00:00.000Z (retention 30 days); ' +
          '1 rows of confirmed cases kept',
        outcome: 'allowed',
      },
    ]);
    expect((await metrics.purged.get()).values).toEqual([
      expect.objectContaining({ labels: { class: 'match-evidence' }, value: 2 }),
    ]);
  });

  it('pages past kept rows: confirmed evidence filling a page does not hide older due rows', async () => {
    const { rows, evidence } = setup();
    for (let i = 0; i < PURGE_PAGE_SIZE; i += 1) {
      const id = `confirmed-${String(i).padStart(4, '0')}`;
      rows.evidence.set(id, ago(200 * DAY));
      rows.confirmedEvidence.add(id);
    }
    rows.evidence.set('due-later-page', ago(40 * DAY));

    await expect(evidence.execute()).resolves.toMatchObject({ purged: 1, kept: PURGE_PAGE_SIZE });
    expect(rows.evidence.has('due-later-page')).toBe(false);
    expect(rows.evidence.size).toBe(PURGE_PAGE_SIZE);
  });

  it('writes no audit event and deletes nothing when nothing is due', async () => {
    const { rows, evidence, audit } = setup();
    rows.evidence.set('fresh', ago(DAY));

    await expect(evidence.execute()).resolves.toMatchObject({ purged: 0, kept: 0 });
    expect(audit.record).not.toHaveBeenCalled();
    expect(rows.evidence.size).toBe(1);
  });

  it('deletes nothing when the audit event cannot be written: no unrecorded purge', async () => {
    const { rows, evidence, audit } = setup();
    rows.evidence.set('old', ago(45 * DAY));
    audit.record.mockRejectedValueOnce(new Error('broker down'));

    await expect(evidence.execute()).rejects.toThrow('broker down');
    expect(rows.evidence.has('old')).toBe(true);
  });
});

describe('PurgeSightingsLogUseCase', () => {
  it('deletes exactly the sightings past the retention and audits the count and cutoff', async () => {
    const { rows, sightings, audited } = setup();
    rows.sightings.set('cam:old', ago(91 * DAY));
    rows.sightings.set('cam:due', ago(90 * DAY));
    rows.sightings.set('cam:young', ago(89 * DAY));

    await expect(sightings.execute()).resolves.toEqual({
      retentionClass: 'sightings-log',
      cutoff: ago(90 * DAY),
      purged: 2,
      kept: 0,
    });
    expect([...rows.sightings.keys()]).toEqual(['cam:young']);
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'purge.sightings-log',
        target:
          'sightings: 2 rows first seen at or before 2026-04-01T12:00:00.000Z (retention 90 days)',
      }),
    ]);
  });

  it('keeps everything when the sightings log is retained forever', async () => {
    const forever = {
      ...policy,
      retentionDays: { ...policy.retentionDays, 'sightings-log': 'forever' as const },
    };
    const { rows, sightings, audit } = setup(forever);
    rows.sightings.set('cam:ancient', new Date(0));

    await expect(sightings.execute()).resolves.toEqual({
      retentionClass: 'sightings-log',
      purged: 0,
      kept: 0,
    });
    expect(rows.sightings.size).toBe(1);
    expect(audit.record).not.toHaveBeenCalled();
  });
});
