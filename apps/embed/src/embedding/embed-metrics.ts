import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Counter, Histogram } from 'prom-client';

export type EmbedOutcome = 'embedded' | 'undecodable';

/** Faces embedded and the time each took: the stage's throughput and its CPU budget. */
@Injectable()
export class EmbedMetrics {
  readonly faces: Counter<'outcome'>;
  readonly seconds: Histogram;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    this.faces = new Counter({
      name: 'sightline_embed_faces_total',
      help: 'Faces received for embedding, by outcome.',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.seconds = new Histogram({
      name: 'sightline_embed_seconds',
      help: 'Time to decode one chip and compute its template.',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2],
      registers: [metrics.registry],
    });
  }

  count(outcome: EmbedOutcome): void {
    this.faces.inc({ outcome });
  }
}
