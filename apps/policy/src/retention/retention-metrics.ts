import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Counter } from 'prom-client';

/** What the retention purges removed, by class, and purge runs that failed. */
@Injectable()
export class RetentionMetrics {
  readonly purged: Counter<'class'>;
  readonly failures: Counter<'class'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    this.purged = new Counter({
      name: 'sightline_retention_purged_total',
      help: 'Rows deleted by the scheduled retention purges, by retention class.',
      labelNames: ['class'],
      registers: [metrics.registry],
    });
    this.failures = new Counter({
      name: 'sightline_retention_purge_failures_total',
      help: 'Retention purge runs that failed (they are retried at the next run), by retention class.',
      labelNames: ['class'],
      registers: [metrics.registry],
    });
  }
}
