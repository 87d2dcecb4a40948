import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { RequiresAccess } from '@sightline/service-kit';
import { CreateWatchlistUseCase } from './create-watchlist.usecase';
import { EnrolSubjectUseCase } from './enrol-subject.usecase';
import { GetGalleryStatsUseCase } from './get-gallery-stats.usecase';
import {
  dateOf,
  reviewModeOf,
  thresholdOf,
  type WireCreateWatchlistRequest,
  type WireEnrolSubjectRequest,
  type WireListSubjectsRequest,
  type WireListWatchlistsRequest,
  type WireRemoveSubjectRequest,
  wireSubjectOf,
  wireWatchlistOf,
} from './gallery-wire';
import { ListSubjectsUseCase } from './list-subjects.usecase';
import { ListWatchlistsUseCase } from './list-watchlists.usecase';
import { RemoveSubjectUseCase } from './remove-subject.usecase';

/** sightline.gallery.v1.GalleryService: enrolment over gRPC, each method one use case. */
@Controller()
export class GalleryGrpcController {
  constructor(
    @Inject(CreateWatchlistUseCase) private readonly createWatchlist: CreateWatchlistUseCase,
    @Inject(EnrolSubjectUseCase) private readonly enrolSubject: EnrolSubjectUseCase,
    @Inject(RemoveSubjectUseCase) private readonly removeSubject: RemoveSubjectUseCase,
    @Inject(GetGalleryStatsUseCase) private readonly galleryStats: GetGalleryStatsUseCase,
    @Inject(ListWatchlistsUseCase) private readonly listWatchlists: ListWatchlistsUseCase,
    @Inject(ListSubjectsUseCase) private readonly listSubjects: ListSubjectsUseCase,
  ) {}

  @GrpcMethod('GalleryService', 'CreateWatchlist')
  @RequiresAccess('watchlists.manage')
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
  @RequiresAccess('gallery.enrol')
  async onEnrolSubject(request: WireEnrolSubjectRequest): Promise<{
    subjectId: string;
    templateIds: readonly string[];
    rejectedPhotos: readonly { reference: string; reason: string }[];
  }> {
    return this.enrolSubject.execute(request);
  }

  @GrpcMethod('GalleryService', 'RemoveSubject')
  @RequiresAccess('gallery.remove')
  async onRemoveSubject(request: WireRemoveSubjectRequest): Promise<Record<string, never>> {
    await this.removeSubject.execute(request);
    return {};
  }

  @GrpcMethod('GalleryService', 'GetGalleryStats')
  @RequiresAccess('gallery.read')
  onGetGalleryStats(): { watchlists: number; liveTemplates: number; bytes: number } {
    return this.galleryStats.execute();
  }

  @GrpcMethod('GalleryService', 'ListWatchlists')
  @RequiresAccess('gallery.read')
  async onListWatchlists(
    request: WireListWatchlistsRequest,
  ): Promise<{ watchlists: Record<string, unknown>[]; nextPageToken: string }> {
    const page = await this.listWatchlists.execute(request);
    return { watchlists: page.items.map(wireWatchlistOf), nextPageToken: page.nextPageToken };
  }

  @GrpcMethod('GalleryService', 'ListSubjects')
  @RequiresAccess('gallery.read')
  async onListSubjects(
    request: WireListSubjectsRequest,
  ): Promise<{ subjects: Record<string, unknown>[]; nextPageToken: string }> {
    const page = await this.listSubjects.execute(request);
    return { subjects: page.items.map(wireSubjectOf), nextPageToken: page.nextPageToken };
  }
}
