import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Counter, Gauge, Histogram } from 'prom-client';

export type FrameOutcome =
  'published' | 'dropped_queue' | 'dropped_backpressure' | 'rejected' | 'publish_failed';

/** Ingest's own metrics, on the service registry scraped at /metrics. */
@Injectable()
export class IngestMetrics {
  readonly frames: Counter<'camera' | 'source' | 'outcome'>;
  readonly rejections: Counter<'source' | 'reason'>;
  readonly cameraUp: Gauge<'camera'>;
  readonly reconnects: Counter<'camera'>;
  readonly publishSeconds: Histogram<never>;
  readonly downstreamLag: Gauge<'partition'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    const registers = [metrics.registry];
    this.frames = new Counter({
      name: 'sightline_ingest_frames_total',
      help: 'Frames that entered ingest, by camera, source and what became of them.',
      labelNames: ['camera', 'source', 'outcome'],
      registers,
    });
    this.rejections = new Counter({
      name: 'sightline_ingest_rejections_total',
      help: 'Frames rejected as invalid, by source and reason.',
      labelNames: ['source', 'reason'],
      registers,
    });
    this.cameraUp = new Gauge({
      name: 'sightline_ingest_camera_up',
      help: '1 while a camera source produces frames, 0 otherwise.',
      labelNames: ['camera'],
      registers,
    });
    this.reconnects = new Counter({
      name: 'sightline_ingest_camera_reconnects_total',
      help: 'Times a failed camera source was scheduled to be reopened.',
      labelNames: ['camera'],
      registers,
    });
    this.publishSeconds = new Histogram({
      name: 'sightline_ingest_publish_seconds',
      help: 'Time to publish one frame on frames.v1 (broker acknowledgement included).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.downstreamLag = new Gauge({
      name: 'sightline_ingest_downstream_lag_messages',
      help: 'Lag of the downstream consumer group on frames.v1, per partition, driving back-pressure.',
      labelNames: ['partition'],
      registers,
    });
  }
}
