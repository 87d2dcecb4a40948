import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type HandlerOutcome = 'success' | 'retried' | 'dead-lettered' | 'skipped-duplicate';

/**
 * The metrics every service exports. Names are the contract with the Grafana dashboards and alert
 * rules, which are checked against a live scrape, so rename with care.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly handlerDuration: Histogram<'topic' | 'event_type' | 'outcome'>;
  readonly handledMessages: Counter<'topic' | 'event_type' | 'outcome'>;
  readonly handlerRetries: Counter<'topic' | 'code'>;
  readonly deadLetters: Counter<'topic' | 'code'>;
  readonly publishedMessages: Counter<'topic' | 'event_type'>;
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  readonly ready: Gauge<'check'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'sightline_' });
    this.handlerDuration = new Histogram({
      name: 'sightline_handler_duration_seconds',
      help: 'Time spent handling one event, retries included.',
      labelNames: ['topic', 'event_type', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.handledMessages = new Counter({
      name: 'sightline_handler_messages_total',
      help: 'Events handled, by outcome.',
      labelNames: ['topic', 'event_type', 'outcome'],
      registers: [this.registry],
    });
    this.handlerRetries = new Counter({
      name: 'sightline_handler_retries_total',
      help: 'Retries of a failing handler, by error code.',
      labelNames: ['topic', 'code'],
      registers: [this.registry],
    });
    this.deadLetters = new Counter({
      name: 'sightline_dead_letters_total',
      help: 'Messages sent to a dead-letter topic, by error code.',
      labelNames: ['topic', 'code'],
      registers: [this.registry],
    });
    this.publishedMessages = new Counter({
      name: 'sightline_published_messages_total',
      help: 'Events published, by topic and type.',
      labelNames: ['topic', 'event_type'],
      registers: [this.registry],
    });
    this.consumerLag = new Gauge({
      name: 'sightline_consumer_lag_messages',
      help: 'Messages behind the high watermark after the last batch, per group and partition.',
      labelNames: ['group', 'topic', 'partition'],
      registers: [this.registry],
    });
    this.ready = new Gauge({
      name: 'sightline_readiness_check',
      help: '1 when a readiness check passes, 0 when it fails.',
      labelNames: ['check'],
      registers: [this.registry],
    });
  }
}
