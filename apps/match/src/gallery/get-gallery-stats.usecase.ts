import { Inject, Injectable } from '@nestjs/common';
import type { GalleryStats } from '@sightline/matching';
import { GalleryState } from './gallery-state';

/** This replica's gallery size; replicas agree once each has applied the same log. */
@Injectable()
export class GetGalleryStatsUseCase {
  constructor(@Inject(GalleryState) private readonly gallery: GalleryState) {}

  execute(): GalleryStats {
    return this.gallery.projection.stats();
  }
}
