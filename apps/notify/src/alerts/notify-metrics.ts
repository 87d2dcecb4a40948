import { Inject, Injectable } from '@nestjs/common';
import type { PayloadOf, deliveryAttempted } from '@sightline/contracts';
import { ServiceMetrics } from '@sightline/observability';
import { Counter, Gauge, Histogram } from 'prom-client';

type DeliveryAttempt = PayloadOf<typeof deliveryAttempted>;

/** The notify service's own metrics, registered beside the shared ones. */
@Injectable()
export class NotifyMetrics {
  readonly deliveries: Counter<'channel' | 'outcome'>;
  readonly deliverySeconds: Histogram<'channel'>;
  readonly streamSubscribers: Gauge;
  readonly streamOverflows: Counter;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.deliveries = new Counter({
      name: 'sightline_notify_deliveries_total',
      help: 'Delivery attempts, by channel and outcome (delivered, failed, dead-lettered).',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.deliverySeconds = new Histogram({
      name: 'sightline_notify_delivery_seconds',
      help: 'Time one delivery attempt took, until the endpoint answered or the attempt gave up.',
      labelNames: ['channel'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.streamSubscribers = new Gauge({
      name: 'sightline_notify_stream_subscribers',
      help: 'Open StreamAlerts calls.',
      registers,
    });
    this.streamOverflows = new Counter({
      name: 'sightline_notify_stream_overflows_total',
      help: 'StreamAlerts calls ended with RESOURCE_EXHAUSTED because the client read too slowly.',
      registers,
    });
  }

  attempted(attempt: Pick<DeliveryAttempt, 'channel' | 'outcome'>, seconds: number): void {
    this.deliveries.inc({ channel: attempt.channel, outcome: attempt.outcome });
    this.deliverySeconds.observe({ channel: attempt.channel }, seconds);
  }
}
