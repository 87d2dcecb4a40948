import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Counter } from 'prom-client';

/** Alerts raised per watchlist: the rate reviewers must keep up with. */
@Injectable()
export class AlertMetrics {
  readonly raised: Counter<'watchlist'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    this.raised = new Counter({
      name: 'sightline_policy_alerts_raised_total',
      help: 'Alerts raised (alertRaised published for the first time), by watchlist.',
      labelNames: ['watchlist'],
      registers: [metrics.registry],
    });
  }
}
