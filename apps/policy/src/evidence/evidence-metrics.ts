import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Counter } from 'prom-client';

/** Crops entering the evidence store: every one is biometric data under retention. */
@Injectable()
export class EvidenceMetrics {
  readonly stored: Counter;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    this.stored = new Counter({
      name: 'sightline_policy_evidence_stored_total',
      help: 'Evidence crops stored (first delivery only; redeliveries change nothing).',
      registers: [metrics.registry],
    });
  }
}
