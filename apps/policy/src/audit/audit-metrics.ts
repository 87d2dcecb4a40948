import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Counter, Gauge } from 'prom-client';

/** The audit chain's growth and its health as the periodic verification last saw it. */
@Injectable()
export class AuditMetrics {
  readonly recordsAppended: Counter;
  readonly verifyFailures: Counter;
  readonly chainIntact: Gauge;
  readonly verifiedRecords: Gauge;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    this.recordsAppended = new Counter({
      name: 'sightline_audit_records_total',
      help: 'Audit records appended to the hash chain (first delivery only; redeliveries append nothing).',
      registers: [metrics.registry],
    });
    this.verifyFailures = new Counter({
      name: 'sightline_audit_verify_failures_total',
      help: 'Periodic verifications that found the audit chain broken (altered, missing or truncated records).',
      registers: [metrics.registry],
    });
    this.chainIntact = new Gauge({
      name: 'sightline_audit_chain_intact',
      help: '1 when the last periodic verification found the audit chain intact, 0 when it did not.',
      registers: [metrics.registry],
    });
    this.verifiedRecords = new Gauge({
      name: 'sightline_audit_chain_verified_records',
      help: 'Records the last periodic verification recomputed (up to the first broken one).',
      registers: [metrics.registry],
    });
  }
}
