import { Inject, Injectable } from '@nestjs/common';
import type { GovernancePolicy } from '@sightline/governance';
import { AuditTrail, Clock } from '@sightline/service-kit';
import { GOVERNANCE_POLICY } from './governance-policy.defaults';
import { MAX_PURGED_PER_RUN, type PurgeReport } from './purge-report';
import { retentionCutoff } from './retention-cutoff';
import { RetentionMetrics } from './retention-metrics';
import { RetentionRepository } from './retention.repository';

/**
 * Deletes rows of the sightings projection first seen more than retentionDays['sightings-log']
 * ago, unless the log is kept forever. Audited before deleting, like every purge (see
 * PurgeMatchEvidenceUseCase). The projection only: sightings.v1 keeps its own retention, so a
 * rebuild from the topic would bring purged rows back.
 */
@Injectable()
export class PurgeSightingsLogUseCase {
  constructor(
    @Inject(RetentionRepository) private readonly rows: RetentionRepository,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(RetentionMetrics) private readonly metrics: RetentionMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(GOVERNANCE_POLICY) private readonly policy: GovernancePolicy,
  ) {}

  async execute(): Promise<PurgeReport> {
    const retentionClass = 'sightings-log';
    const cutoff = retentionCutoff(retentionClass, this.policy, this.clock.now());
    if (!cutoff) return { retentionClass, purged: 0, kept: 0 };

    const due = await this.rows.findSightingsFirstSeenBy(cutoff, MAX_PURGED_PER_RUN);
    if (due.length === 0) return { retentionClass, cutoff, purged: 0, kept: 0 };

    await this.audit.record({
      actor: 'retention-job',
      role: 'system',
      purpose: 'retention',
      action: `purge.${retentionClass}`,
      target:
        `sightings: ${due.length} rows first seen at or before ${cutoff.toISOString()} ` +
        `(retention ${String(this.policy.retentionDays[retentionClass])} days)`,
      outcome: 'allowed',
    });
    const purged = await this.rows.deleteSightings(due);
    this.metrics.purged.inc({ class: retentionClass }, purged);
    return { retentionClass, cutoff, purged, kept: 0 };
  }
}
