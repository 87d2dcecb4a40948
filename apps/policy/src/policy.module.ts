import { Module } from '@nestjs/common';
import { AlertMetrics } from './alerts/alert-metrics';
import { AlertQueryController } from './alerts/alert-query.controller';
import { AlertRepository } from './alerts/alert.repository';
import { ListAlertsUseCase } from './alerts/list-alerts.usecase';
import { RaiseAlertUseCase } from './alerts/raise-alert.usecase';
import { WatchlistFacts } from './alerts/watchlist-facts';
import { EvidenceHandler } from './evidence/evidence.handler';
import { EvidenceMetrics } from './evidence/evidence-metrics';
import { EvidenceRepository } from './evidence/evidence.repository';
import { ProjectEvidenceUseCase } from './evidence/project-evidence.usecase';
import { MatchedSightingListener } from './sightings/matched-sighting.listener';
import { ProjectSightingUseCase } from './sightings/project-sighting.usecase';
import { QuerySightingsUseCase } from './sightings/query-sightings.usecase';
import { RecordSightingUseCase } from './sightings/record-sighting.usecase';
import { SightingQueryController } from './sightings/sighting-query.controller';
import { SightingRepository } from './sightings/sighting.repository';
import { SightingsHandler } from './sightings/sightings.handler';
import { GalleriesHandler } from './watchlists/galleries.handler';
import { WATCHLIST_DIRECTORY_OPTIONS, WatchlistDirectory } from './watchlists/watchlist-directory';

/**
 * The policy service: projects the sightings log and the evidence of matches, raises one
 * pending_review alert per matched track, and answers SightingService queries. Folders meet only
 * here, through ports: sightings -> MatchedSightingListener (alerts), alerts -> WatchlistFacts
 * (watchlists).
 */
@Module({
  controllers: [
    SightingsHandler,
    EvidenceHandler,
    GalleriesHandler,
    SightingQueryController,
    AlertQueryController,
  ],
  providers: [
    SightingRepository,
    ProjectSightingUseCase,
    RecordSightingUseCase,
    QuerySightingsUseCase,
    AlertRepository,
    AlertMetrics,
    RaiseAlertUseCase,
    ListAlertsUseCase,
    { provide: MatchedSightingListener, useExisting: RaiseAlertUseCase },
    EvidenceRepository,
    EvidenceMetrics,
    ProjectEvidenceUseCase,
    { provide: WATCHLIST_DIRECTORY_OPTIONS, useValue: null },
    WatchlistDirectory,
    { provide: WatchlistFacts, useExisting: WatchlistDirectory },
  ],
})
export class PolicyModule {}
