import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Gauge } from 'prom-client';
import { GalleryState } from './gallery-state';

/** Gallery size for the dashboards and for deciding when a gallery needs sharding. */
@Injectable()
export class GalleryMetrics {
  constructor(
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
    @Inject(GalleryState) gallery: GalleryState,
  ) {
    new Gauge({
      name: 'sightline_gallery_templates',
      help: 'Live templates in this replica’s in-memory gallery.',
      registers: [metrics.registry],
      collect() {
        this.set(gallery.projection.stats().liveTemplates);
      },
    });
    new Gauge({
      name: 'sightline_gallery_watchlists',
      help: 'Watchlists in force in this replica’s in-memory gallery.',
      registers: [metrics.registry],
      collect() {
        this.set(gallery.projection.stats().watchlists);
      },
    });
    new Gauge({
      name: 'sightline_gallery_bytes',
      help: 'Memory held by template matrices and indexes of this replica.',
      registers: [metrics.registry],
      collect() {
        this.set(gallery.projection.stats().bytes);
      },
    });
  }
}
