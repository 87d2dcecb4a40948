import { Inject, Injectable } from '@nestjs/common';
import { unusablePositions, type PartitionEnds, type ReplayPosition } from '@sightline/messaging';
import type { Logger } from '@sightline/observability';
import { LOGGER } from '@sightline/service-kit';
import { GallerySnapshotStore } from './gallery-snapshot.store';
import { GalleryState } from './gallery-state';

/**
 * At start, before the gallery replay: loads the latest snapshot into the gallery and says where
 * the replay resumes. Any doubt (unreadable files, positions the log no longer has) falls back to
 * a full replay, which is slower but always right.
 */
@Injectable()
export class RestoreGalleryUseCase {
  constructor(
    @Inject(GalleryState) private readonly gallery: GalleryState,
    @Inject(GallerySnapshotStore) private readonly snapshots: GallerySnapshotStore,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'info' | 'warn'>,
  ) {}

  execute(ends: readonly PartitionEnds[]): Promise<ReplayPosition[]> {
    return Promise.resolve(this.restore(ends));
  }

  private restore(ends: readonly PartitionEnds[]): ReplayPosition[] {
    this.snapshots.ensureWritable();
    const started = Date.now();
    let snapshot;
    try {
      snapshot = this.snapshots.latest({
        dimension: this.gallery.projection.dimension,
        policy: this.gallery.projection.policy,
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'gallery snapshot unreadable; replaying the whole log');
      return [];
    }
    if (!snapshot) return [];
    const problems = unusablePositions(snapshot.positions, ends);
    if (problems.length > 0) {
      this.logger.warn({ problems }, 'gallery snapshot does not fit the log; replaying it whole');
      return [];
    }
    this.gallery.restore(snapshot.projection, snapshot.photoReferences, snapshot.positions);
    this.logger.info(
      {
        positions: snapshot.positions,
        templates: snapshot.projection.stats().liveTemplates,
        ms: Date.now() - started,
      },
      'gallery restored from snapshot',
    );
    return snapshot.positions;
  }
}
