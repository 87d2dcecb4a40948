import { Inject, Injectable } from '@nestjs/common';
import {
  alertRaised,
  derivedEventId,
  DomainError,
  ErrorCode,
  newEnvelope,
  TOPICS,
  type EventEnvelope,
  type PayloadOf,
  type sightingRecorded,
} from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { AuditTrail, Clock } from '@sightline/service-kit';
import { ulid } from 'ulid';
import { shouldMerge } from '@sightline/governance';
import { alertIdFor } from './alert-id';
import { ALERT_MERGE_WINDOW, type AlertMergeWindow } from './alert-merge-window';
import { AlertMetrics } from './alert-metrics';
import type { Alert } from './alert.entity';
import { AlertRepository } from './alert.repository';
import { WatchlistFacts, type MatchedEnrolment } from './watchlist-facts';

type SightingPayload = PayloadOf<typeof sightingRecorded>;

/** A sightings.v1 event whose track matched. */
export type RaiseAlertCommand = EventEnvelope<
  typeof sightingRecorded.type,
  SightingPayload & { readonly match: Extract<SightingPayload['match'], { status: 'matched' }> }
>;

export type RaiseAlertResult =
  'raised' | 'republished' | 'already-raised' | 'suppressed' | 'merged';

const SOURCE = 'policy';

/**
 * Raises the alert of a matched track, status pending_review: a human confirms every match before
 * anyone acts on it. Exactly one alert per track, however often the sighting is delivered:
 * 1. the alert row is inserted if absent (its id derives from camera and track);
 * 2. alertRaised is published with the envelope id stored in the row;
 * 3. the row is flagged published.
 * A crash between 2 and 3 publishes the same event again on redelivery; notify dedupes by alertId.
 * A match on a watchlist that expired (or whose threshold it misses) by the time policy sees it is
 * suppressed instead, and the suppression is audited: match filters by the same terms, but a
 * backlog can deliver a sighting after its watchlist ended.
 */
@Injectable()
export class RaiseAlertUseCase {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(WatchlistFacts) private readonly watchlists: WatchlistFacts,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(AlertMetrics) private readonly metrics: AlertMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(ALERT_MERGE_WINDOW) private readonly mergeWindow: AlertMergeWindow,
  ) {}

  /** The MatchedSightingListener port of the sightings folder (bound in PolicyModule). */
  async onMatchedSighting(sighting: RaiseAlertCommand): Promise<void> {
    await this.execute(sighting);
  }

  async execute(command: RaiseAlertCommand): Promise<RaiseAlertResult> {
    const { cameraId, trackId } = command.payload;
    const id = alertIdFor(cameraId, trackId);
    let alert = await this.alerts.findById(id);
    const isNew = alert === null;
    if (!alert) {
      const enrolment = await this.enrolmentOf(command);
      const suppression = suppressionOf(enrolment, command.payload.match.score, this.clock.now());
      if (suppression) {
        await this.auditSuppression(command, suppression);
        return 'suppressed';
      }
      if (await this.mergedIntoRecentAlert(command)) return 'merged';
      const candidate = this.newAlert(id, command, enrolment);
      // A concurrent delivery may have won the insert: the stored row is the alert either way.
      alert = (await this.alerts.insertIfAbsent(candidate))
        ? candidate
        : ((await this.alerts.findById(id)) ?? candidate);
    }
    if (alert.published) return 'already-raised';
    await this.publisher.publish(TOPICS.alerts, [alertRaisedEventOf(alert)]);
    await this.audit.record(
      {
        actor: SOURCE,
        role: 'system',
        purpose: 'watchlist match',
        action: 'alert.raise',
        target: alert.id,
        databaseSearched: alert.watchlistId,
        outcome: 'allowed',
      },
      {
        correlationId: alert.correlationId,
        eventId: derivedEventId(`alert.raise:${alert.id}`, alert.raisedAt),
        at: alert.raisedAt,
      },
    );
    await this.alerts.markPublished(id);
    this.metrics.raised.inc({ watchlist: alert.watchlistId });
    return isNew ? 'raised' : 'republished';
  }

  /**
   * The same subject on the same camera again within the merge window (a tracker that lost and
   * found the person, or a short exit and return) folds into the open alert instead of paging
   * reviewers twice. Decided on the tracks' own times, so a redelivery decides the same way.
   */
  private async mergedIntoRecentAlert(command: RaiseAlertCommand): Promise<boolean> {
    const { cameraId, trackId, firstSeenAt, lastSeenAt, match } = command.payload;
    if (await this.alerts.hasMergedTrack(cameraId, trackId)) return true;
    const recent = await this.alerts.findLatestOpenFor(match.subjectId, cameraId);
    const seenFrom = new Date(firstSeenAt);
    if (!recent || !shouldMerge(recent.lastSeenAt, seenFrom, this.mergeWindow.seconds)) {
      return false;
    }
    await this.alerts.mergeTrack(recent.id, trackId, new Date(lastSeenAt));
    this.metrics.merged.inc({ watchlist: match.watchlistId });
    return true;
  }

  private async auditSuppression(command: RaiseAlertCommand, reason: string): Promise<void> {
    const { cameraId, trackId, match } = command.payload;
    const at = new Date(command.occurredAt);
    await this.audit.record(
      {
        actor: SOURCE,
        role: 'system',
        purpose: 'watchlist match',
        action: `alert.suppress.${reason}`,
        target: alertIdFor(cameraId, trackId),
        databaseSearched: match.watchlistId,
        outcome: 'suppressed',
      },
      {
        correlationId: command.correlationId,
        eventId: derivedEventId(`suppress:${command.id}`, at),
      },
    );
    this.metrics.suppressed.inc({ watchlist: match.watchlistId, reason });
  }

  private async enrolmentOf(command: RaiseAlertCommand): Promise<MatchedEnrolment> {
    const { match } = command.payload;
    const enrolment = await this.watchlists.enrolmentOf(
      match.watchlistId,
      match.subjectId,
      match.templateId,
    );
    if (!enrolment) {
      // Dead-lettered with this reason: an operator can redrive it once the gallery is repaired.
      throw new DomainError(
        ErrorCode.InvalidPayload,
        `template ${match.templateId} of watchlist ${match.watchlistId} is unknown to galleries.v1, so the alert would lack its review mode and photo reference`,
        { watchlistId: match.watchlistId, templateId: match.templateId },
      );
    }
    return enrolment;
  }

  private newAlert(id: string, command: RaiseAlertCommand, enrolment: MatchedEnrolment): Alert {
    const { payload } = command;
    const { match } = payload;
    return {
      id,
      cameraId: payload.cameraId,
      trackId: payload.trackId,
      watchlistId: match.watchlistId,
      subjectId: match.subjectId,
      score: match.score,
      status: 'pending_review',
      raisedAt: this.clock.now(),
      faceId: match.faceId,
      evidenceId: match.evidenceId,
      photoReference: enrolment.photoReference,
      reviewMode: enrolment.reviewMode,
      sightingEventId: command.id,
      raisedEventId: ulid(),
      correlationId: command.correlationId,
      published: false,
      enrolledBy: enrolment.enrolledBy,
      lastSeenAt: new Date(payload.lastSeenAt),
      mergedTrackIds: [],
      confirmations: [],
      escalatedAt: null,
      decidedAt: null,
      dismissal: null,
      revision: 0,
      outbox: [],
    };
  }
}

/** Why a match may not become an alert now, or undefined when it may. */
function suppressionOf(
  enrolment: MatchedEnrolment,
  score: number,
  now: Date,
): 'expired' | 'below-threshold' | undefined {
  if (now.getTime() >= enrolment.watchlistExpiresAt.getTime()) return 'expired';
  // Negated so that a NaN score is suppressed rather than allowed.
  if (!(score >= enrolment.threshold)) return 'below-threshold';
  return undefined;
}

/** The same envelope on every (re)publication of an alert: id and time come from its row. */
function alertRaisedEventOf(alert: Alert): EventEnvelope {
  const envelope = newEnvelope(
    alertRaised,
    {
      alertId: alert.id,
      cameraId: alert.cameraId,
      trackId: alert.trackId,
      watchlistId: alert.watchlistId,
      subjectId: alert.subjectId,
      score: alert.score,
      status: alert.status,
      raisedAt: alert.raisedAt.toISOString(),
      faceId: alert.faceId,
      evidenceId: alert.evidenceId,
      photoReference: alert.photoReference,
      reviewMode: alert.reviewMode,
    },
    {
      source: SOURCE,
      correlationId: alert.correlationId,
      cameraId: alert.cameraId,
      occurredAt: alert.raisedAt,
    },
  );
  return { ...envelope, id: alert.raisedEventId };
}
