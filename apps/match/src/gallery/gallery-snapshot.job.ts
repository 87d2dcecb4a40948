import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import type { Logger } from '@sightline/observability';
import { LOGGER } from '@sightline/service-kit';
import { GallerySnapshotStore } from './gallery-snapshot.store';
import { GalleryState } from './gallery-state';

/**
 * Writes a gallery snapshot every MATCH_SNAPSHOT_INTERVAL_S when the gallery changed. The write is
 * synchronous on purpose: no event can be applied between reading the state and its positions, so
 * the snapshot is exactly "everything before these offsets". It blocks matching for as long as the
 * write takes (~8 s at 1M templates), which is why it is periodic and not per event.
 */
@Injectable()
export class GallerySnapshotJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private savedRevision: number | undefined;
  private readonly intervalMs: number;

  constructor(
    @Inject(GalleryState) private readonly gallery: GalleryState,
    @Inject(GallerySnapshotStore) private readonly snapshots: GallerySnapshotStore,
    @Inject(SIGHTLINE_CONFIG) config: Pick<SightlineConfig, 'matching'>,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'info' | 'error'>,
  ) {
    this.intervalMs = config.matching.snapshotIntervalMs;
  }

  onApplicationBootstrap(): void {
    if (!this.snapshots.enabled) return;
    this.timer = setInterval(() => this.saveIfChanged(), this.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Returns the directory written, or undefined when nothing changed since the last one. */
  saveIfChanged(): string | undefined {
    const revision = this.gallery.revision;
    if (revision === 0 || revision === this.savedRevision) return undefined;
    const started = Date.now();
    try {
      const dir = this.snapshots.save(
        this.gallery.projection,
        this.gallery.photoReferencesSnapshot(),
        this.gallery.appliedPositions(),
      );
      this.savedRevision = revision;
      this.logger.info({ dir, ms: Date.now() - started }, 'gallery snapshot written');
      return dir;
    } catch (error) {
      // Nothing is lost: the previous snapshot stays in force and the log has every event.
      this.logger.error({ err: error }, 'gallery snapshot failed; will retry');
      return undefined;
    }
  }
}
