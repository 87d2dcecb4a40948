import { Module } from '@nestjs/common';
import { ApplyGalleryEventUseCase } from './gallery/apply-gallery-event.usecase';
import { GalleryHandler } from './gallery/gallery.handler';
import { GalleryMetrics } from './gallery/gallery-metrics';
import { GalleryState } from './gallery/gallery-state';

/** The match service: the replica's gallery today; probe matching arrives with the pipeline. */
@Module({
  controllers: [GalleryHandler],
  providers: [GalleryState, GalleryMetrics, ApplyGalleryEventUseCase],
})
export class MatchModule {}
