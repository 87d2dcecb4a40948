import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { CreateWatchlistUseCase } from './create-watchlist.usecase';
import { EnrolSubjectUseCase } from './enrol-subject.usecase';
import { GetGalleryStatsUseCase } from './get-gallery-stats.usecase';
import {
  dateOf,
  reviewModeOf,
  thresholdOf,
  type WireCreateWatchlistRequest,
  type WireEnrolSubjectRequest,
  type WireRemoveSubjectRequest,
} from './gallery-wire';
import { RemoveSubjectUseCase } from './remove-subject.usecase';

/** sightline.gallery.v1.GalleryService: enrolment over gRPC, each method one use case. */
@Controller()
export class GalleryGrpcController {
  constructor(
    @Inject(CreateWatchlistUseCase) private readonly createWatchlist: CreateWatchlistUseCase,
    @Inject(EnrolSubjectUseCase) private readonly enrolSubject: EnrolSubjectUseCase,
    @Inject(RemoveSubjectUseCase) private readonly removeSubject: RemoveSubjectUseCase,
    @Inject(GetGalleryStatsUseCase) private readonly galleryStats: GetGalleryStatsUseCase,
  ) {}

  @GrpcMethod('GalleryService', 'CreateWatchlist')
  onCreateWatchlist(request: WireCreateWatchlistRequest): Promise<{ watchlistId: string }> {
    return this.createWatchlist.execute({
      name: request.name,
      purpose: request.purpose,
      legalBasis: request.legalBasis,
      authorisedBy: request.authorisedBy,
      owner: request.owner,
      expiresAt: dateOf(request.expiresAt, 'expires_at'),
      zones: request.zones,
      threshold: thresholdOf(request.threshold),
      reviewMode: reviewModeOf(request.reviewMode),
    });
  }

  @GrpcMethod('GalleryService', 'EnrolSubject')
  async onEnrolSubject(request: WireEnrolSubjectRequest): Promise<{
    subjectId: string;
    templateIds: readonly string[];
    rejectedPhotos: readonly { reference: string; reason: string }[];
  }> {
    return this.enrolSubject.execute(request);
  }

  @GrpcMethod('GalleryService', 'RemoveSubject')
  async onRemoveSubject(request: WireRemoveSubjectRequest): Promise<Record<string, never>> {
    await this.removeSubject.execute(request);
    return {};
  }

  @GrpcMethod('GalleryService', 'GetGalleryStats')
  onGetGalleryStats(): { watchlists: number; liveTemplates: number; bytes: number } {
    return this.galleryStats.execute();
  }
}
