import { Inject, Injectable } from '@nestjs/common';
import {
  alertRaised,
  DomainError,
  ErrorCode,
  newEnvelope,
  TOPICS,
  type EventEnvelope,
  type PayloadOf,
  type sightingRecorded,
} from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { Clock } from '@sightline/service-kit';
import { ulid } from 'ulid';
import { alertIdFor } from './alert-id';
import { AlertMetrics } from './alert-metrics';
import type { Alert } from './alert.entity';
import { AlertRepository } from './alert.repository';
import { WatchlistFacts } from './watchlist-facts';

type SightingPayload = PayloadOf<typeof sightingRecorded>;

/** A sightings.v1 event whose track matched. */
export type RaiseAlertCommand = EventEnvelope<
  typeof sightingRecorded.type,
  SightingPayload & { readonly match: Extract<SightingPayload['match'], { status: 'matched' }> }
>;

export type RaiseAlertResult = 'raised' | 'republished' | 'already-raised';

const SOURCE = 'policy';

/**
 * Raises the alert of a matched track, status pending_review: a human confirms every match before
 * anyone acts on it. Exactly one alert per track, however often the sighting is delivered:
 * 1. the alert row is inserted if absent (its id derives from camera and track);
 * 2. alertRaised is published with the envelope id stored in the row;
 * 3. the row is flagged published.
 * A crash between 2 and 3 publishes the same event again on redelivery; notify dedupes by alertId.
 */
@Injectable()
export class RaiseAlertUseCase {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(WatchlistFacts) private readonly watchlists: WatchlistFacts,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(AlertMetrics) private readonly metrics: AlertMetrics,
    @Inject(Clock) private readonly clock: Clock,
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
      const candidate = await this.newAlert(id, command);
      // A concurrent delivery may have won the insert: the stored row is the alert either way.
      alert = (await this.alerts.insertIfAbsent(candidate))
        ? candidate
        : ((await this.alerts.findById(id)) ?? candidate);
    }
    if (alert.published) return 'already-raised';
    await this.publisher.publish(TOPICS.alerts, [alertRaisedEventOf(alert)]);
    await this.alerts.markPublished(id);
    this.metrics.raised.inc({ watchlist: alert.watchlistId });
    return isNew ? 'raised' : 'republished';
  }

  private async newAlert(id: string, command: RaiseAlertCommand): Promise<Alert> {
    const { payload } = command;
    const { match } = payload;
    const enrolment = await this.watchlists.enrolmentOf(match.watchlistId, match.templateId);
    if (!enrolment) {
      // Dead-lettered with this reason: an operator can redrive it once the gallery is repaired.
      throw new DomainError(
        ErrorCode.InvalidPayload,
        `template ${match.templateId} of watchlist ${match.watchlistId} is unknown to galleries.v1, so the alert would lack its review mode and photo reference`,
        { watchlistId: match.watchlistId, templateId: match.templateId },
      );
    }
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
    };
  }
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
