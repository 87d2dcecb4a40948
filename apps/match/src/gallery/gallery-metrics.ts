import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';
import { Gauge } from 'prom-client';
import type { EngineKind, GalleryStats } from '@sightline/matching';
import { GalleryState } from './gallery-state';

const GALLERY_GAUGES: readonly { name: string; help: string; stat: keyof GalleryStats }[] = [
  {
    name: 'sightline_gallery_templates',
    help: 'Live templates in this replica’s in-memory gallery.',
    stat: 'liveTemplates',
  },
  {
    name: 'sightline_gallery_watchlists',
    help: 'Watchlists in force in this replica’s in-memory gallery.',
    stat: 'watchlists',
  },
  {
    name: 'sightline_gallery_bytes',
    help: 'Memory held by template matrices and indexes of this replica.',
    stat: 'bytes',
  },
];

/** Gallery size for the dashboards and for deciding when a gallery needs sharding. */
@Injectable()
export class GalleryMetrics {
  constructor(
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
    @Inject(GalleryState) gallery: GalleryState,
  ) {
    for (const { name, help, stat } of GALLERY_GAUGES) {
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        collect() {
          this.set(gallery.projection.stats()[stat]);
        },
      });
    }
    new Gauge({
      name: 'sightline_gallery_watchlists_by_engine',
      help: 'Watchlists by search engine (exact f32 scan, binary code scan, HNSW graph).',
      labelNames: ['engine'],
      registers: [metrics.registry],
      collect() {
        const counts: Record<EngineKind, number> = { exact: 0, binary: 0, ann: 0 };
        for (const watchlist of gallery.projection.sortedGalleries())
          counts[watchlist.engineKind] += 1;
        for (const [engine, count] of Object.entries(counts)) this.set({ engine }, count);
      },
    });
  }
}
