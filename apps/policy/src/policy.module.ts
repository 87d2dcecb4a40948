import { Module } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { ALERT_MERGE_WINDOW } from './alerts/alert-merge-window';
import { AlertMetrics } from './alerts/alert-metrics';
import { AlertOutbox } from './alerts/alert-outbox';
import { AlertReviewController } from './alerts/alert-review.controller';
import { EscalateOverdueAlertsUseCase } from './alerts/escalate-overdue-alerts.usecase';
import { ESCALATION_POLICY } from './alerts/escalation-policy';
import { ReviewAlertUseCase } from './alerts/review-alert.usecase';
import { REVIEW_SWEEP_INTERVAL_MS, ReviewSweepJob } from './alerts/review-sweep.job';
import { AlertQueryController } from './alerts/alert-query.controller';
import { AlertRepository } from './alerts/alert.repository';
import { ALERTS_COLLECTION } from './alerts/alert.schema';
import { ListAlertsUseCase } from './alerts/list-alerts.usecase';
import { RaiseAlertUseCase } from './alerts/raise-alert.usecase';
import { WatchlistFacts } from './alerts/watchlist-facts';
import { AUDIT_VERIFY_INTERVAL_MS, AuditChainMonitor } from './audit/audit-chain.monitor';
import { AuditHandler } from './audit/audit.handler';
import { AuditMetrics } from './audit/audit-metrics';
import { AuditRecordRepository } from './audit/audit-record.repository';
import { ChainAuditRecordUseCase } from './audit/chain-audit-record.usecase';
import { VerifyAuditChainUseCase } from './audit/verify-audit-chain.usecase';
import { EvidenceHandler } from './evidence/evidence.handler';
import { EvidenceMetrics } from './evidence/evidence-metrics';
import { EvidenceRepository } from './evidence/evidence.repository';
import { EVIDENCE_COLLECTION } from './evidence/evidence.schema';
import { ProjectEvidenceUseCase } from './evidence/project-evidence.usecase';
import { GOVERNANCE_POLICY, governancePolicyOf } from './retention/governance-policy.defaults';
import { PurgeMatchEvidenceUseCase } from './retention/purge-match-evidence.usecase';
import { PurgeSightingsLogUseCase } from './retention/purge-sightings-log.usecase';
import { RetentionMetrics } from './retention/retention-metrics';
import { RETENTION_INTERVAL_MS, RetentionJob } from './retention/retention.job';
import { RETENTION_COLLECTIONS, RetentionRepository } from './retention/retention.repository';
import { MatchedSightingListener } from './sightings/matched-sighting.listener';
import { ProjectSightingUseCase } from './sightings/project-sighting.usecase';
import { QuerySightingsUseCase } from './sightings/query-sightings.usecase';
import { RecordSightingUseCase } from './sightings/record-sighting.usecase';
import { SightingQueryController } from './sightings/sighting-query.controller';
import { SightingRepository } from './sightings/sighting.repository';
import { SIGHTINGS_COLLECTION } from './sightings/sighting.schema';
import { SightingsHandler } from './sightings/sightings.handler';
import { GalleriesHandler } from './watchlists/galleries.handler';
import { WATCHLIST_DIRECTORY_OPTIONS, WatchlistDirectory } from './watchlists/watchlist-directory';

/**
 * The policy service: projects the sightings log and the evidence of matches, raises one
 * pending_review alert per matched track, and answers SightingService queries. Folders meet only
 * here, through ports: sightings -> MatchedSightingListener (alerts), alerts -> WatchlistFacts
 * (watchlists), retention -> RETENTION_COLLECTIONS (evidence, sightings, alerts). It also seals
 * audit.v1 into the hash chain (audit) and runs the retention purges (retention).
 */
@Module({
  controllers: [
    SightingsHandler,
    EvidenceHandler,
    AuditHandler,
    GalleriesHandler,
    SightingQueryController,
    AlertQueryController,
    AlertReviewController,
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
    AlertOutbox,
    ReviewAlertUseCase,
    EscalateOverdueAlertsUseCase,
    ReviewSweepJob,
    { provide: ESCALATION_POLICY, useExisting: GOVERNANCE_POLICY },
    {
      provide: ALERT_MERGE_WINDOW,
      inject: [SIGHTLINE_CONFIG],
      useFactory: (config: SightlineConfig) => ({ seconds: config.governance.alertMergeWindowS }),
    },
    {
      provide: REVIEW_SWEEP_INTERVAL_MS,
      inject: [SIGHTLINE_CONFIG],
      useFactory: (config: SightlineConfig) => config.governance.reviewSweepIntervalMs,
    },
    {
      provide: AUDIT_VERIFY_INTERVAL_MS,
      inject: [SIGHTLINE_CONFIG],
      useFactory: (config: SightlineConfig) => config.governance.auditVerifyIntervalMs,
    },
    { provide: MatchedSightingListener, useExisting: RaiseAlertUseCase },
    EvidenceRepository,
    EvidenceMetrics,
    ProjectEvidenceUseCase,
    AuditRecordRepository,
    AuditMetrics,
    ChainAuditRecordUseCase,
    VerifyAuditChainUseCase,
    AuditChainMonitor,
    {
      provide: RETENTION_COLLECTIONS,
      useValue: {
        evidence: EVIDENCE_COLLECTION,
        sightings: SIGHTINGS_COLLECTION,
        alerts: ALERTS_COLLECTION,
      },
    },
    { provide: GOVERNANCE_POLICY, inject: [SIGHTLINE_CONFIG], useFactory: governancePolicyOf },
    {
      provide: RETENTION_INTERVAL_MS,
      inject: [SIGHTLINE_CONFIG],
      useFactory: (config: SightlineConfig) => config.governance.retentionIntervalMs,
    },
    RetentionRepository,
    RetentionMetrics,
    PurgeMatchEvidenceUseCase,
    PurgeSightingsLogUseCase,
    RetentionJob,
    { provide: WATCHLIST_DIRECTORY_OPTIONS, useValue: null },
    WatchlistDirectory,
    { provide: WatchlistFacts, useExisting: WatchlistDirectory },
  ],
})
export class PolicyModule {}
