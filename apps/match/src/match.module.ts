import { Module } from '@nestjs/common';
import { ApplyGalleryEventUseCase } from './gallery/apply-gallery-event.usecase';
import { CloseTrackUseCase } from './gallery/close-track.usecase';
import { ClosedTrackRepository } from './gallery/closed-track.repository';
import { CreateWatchlistUseCase } from './gallery/create-watchlist.usecase';
import { EnrolSubjectUseCase } from './gallery/enrol-subject.usecase';
import { FacesEmbeddedHandler } from './gallery/faces-embedded.handler';
import { GalleryGrpcController } from './gallery/gallery.grpc-controller';
import { GalleryHandler } from './gallery/gallery.handler';
import { GalleryMetrics } from './gallery/gallery-metrics';
import { GallerySnapshotJob } from './gallery/gallery-snapshot.job';
import { GallerySnapshotStore } from './gallery/gallery-snapshot.store';
import { GalleryState } from './gallery/gallery-state';
import { GetGalleryStatsUseCase } from './gallery/get-gallery-stats.usecase';
import { IdGenerator } from './gallery/id-generator';
import { ListSubjectsUseCase } from './gallery/list-subjects.usecase';
import { ListWatchlistsUseCase } from './gallery/list-watchlists.usecase';
import { ListingCheckpointRepository } from './gallery/listing-checkpoint.repository';
import { MatchMetrics } from './gallery/match-metrics';
import { VisionPhotoAnalyser } from './gallery/photo-face-analyser';
import { ProjectGalleryListingUseCase } from './gallery/project-gallery-listing.usecase';
import { RemoveSubjectUseCase } from './gallery/remove-subject.usecase';
import { RestoreGalleryUseCase } from './gallery/restore-gallery.usecase';
import { SearchFaceUseCase } from './gallery/search-face.usecase';
import { SubjectListingRepository } from './gallery/subject-listing.repository';
import { TrackHitRepository } from './gallery/track-hit.repository';
import { WatchlistListingRepository } from './gallery/watchlist-listing.repository';

/**
 * The match service: the replica's gallery (replayed from galleries.v1), 1:N search of every
 * embedded face with one sighting per track, and enrolment over gRPC.
 */
@Module({
  controllers: [GalleryHandler, FacesEmbeddedHandler, GalleryGrpcController],
  providers: [
    GalleryState,
    GallerySnapshotStore,
    RestoreGalleryUseCase,
    GallerySnapshotJob,
    GalleryMetrics,
    MatchMetrics,
    ApplyGalleryEventUseCase,
    TrackHitRepository,
    ClosedTrackRepository,
    SearchFaceUseCase,
    CloseTrackUseCase,
    IdGenerator,
    VisionPhotoAnalyser,
    CreateWatchlistUseCase,
    EnrolSubjectUseCase,
    RemoveSubjectUseCase,
    GetGalleryStatsUseCase,
    WatchlistListingRepository,
    SubjectListingRepository,
    ListingCheckpointRepository,
    ProjectGalleryListingUseCase,
    ListWatchlistsUseCase,
    ListSubjectsUseCase,
  ],
})
export class MatchModule {}
