import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Counter, Histogram } from 'prom-client';
import type { SightingStatus } from './probe-events';

export type SearchOutcome = 'hit' | 'miss';

/** 1:N searches and their latency, and the sightings match records, by status. */
@Injectable()
export class MatchMetrics {
  readonly searches: Counter<'outcome'>;
  readonly searchSeconds: Histogram;
  readonly sightings: Counter<'status'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    this.searches = new Counter({
      name: 'sightline_match_searches_total',
      help: 'Faces searched against the watchlists in force, by outcome.',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.searchSeconds = new Histogram({
      name: 'sightline_match_search_seconds',
      help: 'Time of one 1:N search over the in-memory gallery.',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [metrics.registry],
    });
    this.sightings = new Counter({
      name: 'sightline_match_sightings_total',
      help: 'Sightings recorded (one per track), by match status.',
      labelNames: ['status'],
      registers: [metrics.registry],
    });
  }

  searched(outcome: SearchOutcome): void {
    this.searches.inc({ outcome });
  }

  recorded(status: SightingStatus): void {
    this.sightings.inc({ status });
  }
}
