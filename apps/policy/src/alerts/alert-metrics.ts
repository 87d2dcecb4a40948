import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Counter, Gauge } from 'prom-client';

/** Alerts raised and reviewed per watchlist, and the review queue reviewers must keep short. */
@Injectable()
export class AlertMetrics {
  readonly raised: Counter<'watchlist'>;
  readonly suppressed: Counter<'watchlist' | 'reason'>;
  readonly merged: Counter<'watchlist'>;
  readonly reviewed: Counter<'decision' | 'outcome'>;
  readonly escalated: Counter;
  readonly queueSize: Gauge<'status'>;
  readonly queueOldestSeconds: Gauge;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.raised = new Counter({
      name: 'sightline_policy_alerts_raised_total',
      help: 'Alerts raised (alertRaised published for the first time), by watchlist.',
      labelNames: ['watchlist'],
      registers,
    });
    this.suppressed = new Counter({
      name: 'sightline_policy_alerts_suppressed_total',
      help: 'Matches withheld from review because their watchlist expired or the score missed its threshold.',
      labelNames: ['watchlist', 'reason'],
      registers,
    });
    this.merged = new Counter({
      name: 'sightline_policy_alerts_merged_total',
      help: 'Matched tracks folded into an open alert of the same subject and camera, by watchlist.',
      labelNames: ['watchlist'],
      registers,
    });
    this.reviewed = new Counter({
      name: 'sightline_policy_reviews_total',
      help: 'Review decisions, by decision (confirm, dismiss) and outcome (accepted, refused).',
      labelNames: ['decision', 'outcome'],
      registers,
    });
    this.escalated = new Counter({
      name: 'sightline_policy_alerts_escalated_total',
      help: 'Alerts escalated for waiting longer than the policy allows.',
      registers,
    });
    this.queueSize = new Gauge({
      name: 'sightline_policy_review_queue_size',
      help: 'Open alerts awaiting review, by status (pending_review, escalated), at the last sweep.',
      labelNames: ['status'],
      registers,
    });
    this.queueOldestSeconds = new Gauge({
      name: 'sightline_policy_review_queue_oldest_seconds',
      help: 'Age of the oldest open alert at the last sweep; 0 when the queue is empty.',
      registers,
    });
    // Exported from the start, so dashboards and alert rules see a series before the first sweep.
    for (const status of ['pending_review', 'escalated']) this.queueSize.set({ status }, 0);
    this.queueOldestSeconds.set(0);
  }
}
