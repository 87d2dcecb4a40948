import { Inject, Injectable } from '@nestjs/common';
import { purgeDecision, type GovernancePolicy } from '@sightline/governance';
import { AuditTrail, Clock } from '@sightline/service-kit';
import { GOVERNANCE_POLICY } from './governance-policy.defaults';
import { MAX_PURGED_PER_RUN, PURGE_PAGE_SIZE, type PurgeReport } from './purge-report';
import { retentionCutoff } from './retention-cutoff';
import { RetentionMetrics } from './retention-metrics';
import { type EvidenceCursor, RetentionRepository } from './retention.repository';

/**
 * Deletes the crops of matches that have outlived retentionDays['match-evidence'], except those of
 * alerts a reviewer confirmed: they are confirmed-case evidence, kept while the case is open (and
 * cases are never closed yet, so they are kept). Evidence of an alert still pending review is
 * purged by age like any other.
 *
 * The audit event is written before the rows are deleted: a crash in between leaves an audited
 * purge that the next run repeats (and audits again), never a deletion nobody recorded.
 */
@Injectable()
export class PurgeMatchEvidenceUseCase {
  constructor(
    @Inject(RetentionRepository) private readonly rows: RetentionRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(RetentionMetrics) private readonly metrics: RetentionMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(GOVERNANCE_POLICY) private readonly policy: GovernancePolicy,
  ) {}

  async execute(): Promise<PurgeReport> {
    const retentionClass = 'match-evidence';
    const now = this.clock.now();
    const cutoff = retentionCutoff(retentionClass, this.policy, now);
    if (!cutoff) return { retentionClass, purged: 0, kept: 0 };

    const due: string[] = [];
    let kept = 0;
    let after: EvidenceCursor | undefined;
    while (due.length < MAX_PURGED_PER_RUN) {
      const page = await this.rows.findEvidenceCapturedBy(cutoff, after, PURGE_PAGE_SIZE);
      const confirmed = await this.rows.findConfirmedCaseEvidence(page.map((row) => row.id));
      for (const row of page) {
        const decision = confirmed.has(row.id)
          ? purgeDecision(
              {
                retentionClass: 'confirmed-case-evidence',
                createdAt: row.capturedAt,
                case: { status: 'open' },
              },
              this.policy,
              now,
            )
          : purgeDecision({ retentionClass, createdAt: row.capturedAt }, this.policy, now);
        if (decision.kind === 'purge' && due.length < MAX_PURGED_PER_RUN) due.push(row.id);
        else if (decision.kind === 'keep') kept += 1;
      }
      after = page.at(-1);
      if (page.length < PURGE_PAGE_SIZE) break;
    }
    if (due.length === 0) return { retentionClass, cutoff, purged: 0, kept };

    const days = this.policy.retentionDays[retentionClass];
    await this.audit.record({
      actor: 'retention-job',
      role: 'system',
      purpose: 'retention',
      action: `purge.${retentionClass}`,
      target:
        `evidence: ${due.length} rows captured at or before ${cutoff.toISOString()} ` +
        `(retention ${days} days); ${kept} rows of confirmed cases kept`,
      outcome: 'allowed',
    });
    const purged = await this.rows.deleteEvidence(due);
    this.metrics.purged.inc({ class: retentionClass }, purged);
    return { retentionClass, cutoff, purged, kept };
  }
}
