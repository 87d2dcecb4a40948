import { Inject, Injectable } from '@nestjs/common';
import { assertUnreachable, newEnvelope, TOPICS } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { ClosedTrackRepository } from './closed-track.repository';
import { GalleryState } from './gallery-state';
import { MatchMetrics } from './match-metrics';
import {
  evidenceCaptured,
  sightingRecorded,
  type SightingMatch,
  type SightingStatus,
  type TrackClosedEvent,
} from './probe-events';
import type { TrackHit } from './track-hit.entity';
import { TrackHitRepository } from './track-hit.repository';

export type CloseOutcome = SightingStatus | 'already-closed';

/** Deterministic, so a re-run after a crash names the same evidence. */
export function evidenceIdOf(faceId: string): string {
  return `ev-${faceId}`;
}

/**
 * Turns a closed track into its one sighting. Every face of the track was searched before this
 * event arrived (same partition, in order), so the stored hit, if any, is the track's best.
 *
 * Order, and why:
 * 1. evidenceCaptured (hit only), so the sighting never points at evidence that is not in the log;
 * 2. sightingRecorded;
 * 3. the closed_tracks marker, so a redelivered trackClosed publishes nothing;
 * 4. the track_hits document, if there is one, is deleted: the chip leaves match's database.
 * A crash between 2 and 3 republishes on redelivery; the policy projection keys sightings by
 * cameraId:trackId and evidence by evidenceId, so the duplicate changes nothing downstream. A
 * crash between 3 and 4 leaves the hit document, which the redelivery (finding the marker) deletes.
 */
@Injectable()
export class CloseTrackUseCase {
  constructor(
    @Inject(GalleryState) private readonly gallery: GalleryState,
    @Inject(TrackHitRepository) private readonly trackHits: TrackHitRepository,
    @Inject(ClosedTrackRepository) private readonly closedTracks: ClosedTrackRepository,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(MatchMetrics) private readonly metrics: MatchMetrics,
  ) {}

  async execute(event: TrackClosedEvent): Promise<CloseOutcome> {
    const track = event.payload;
    const key = `${track.cameraId}:${track.trackId}`;
    if (await this.closedTracks.findById(key)) {
      await this.trackHits.deleteById(key);
      return 'already-closed';
    }
    const closedAt = new Date(track.closedAt);
    // Only a track whose faces were sent can have a stored hit: the others cost no read or delete.
    const stored =
      track.identification === 'attempted' ? await this.trackHits.findById(key) : undefined;
    const hit = stored && this.stands(stored, closedAt) ? stored : undefined;
    let match = this.matchOf(track.identification, hit);
    const context = {
      source: 'match',
      cameraId: event.cameraId ?? track.cameraId,
      correlationId: event.correlationId,
    };
    if (hit && match.status === 'matched') {
      await this.publisher.publish(TOPICS.evidence, [
        newEnvelope(
          evidenceCaptured,
          {
            evidenceId: match.evidenceId,
            cameraId: hit.cameraId,
            trackId: hit.trackId,
            faceId: hit.faceId,
            capturedAt: hit.capturedAt.toISOString(),
            watchlistId: hit.watchlistId,
            subjectId: hit.subjectId,
            score: hit.score,
            alignedChip: hit.alignedChip,
            photoReference: hit.photoReference,
          },
          { ...context, occurredAt: hit.capturedAt },
        ),
      ]);
      // The gallery consumer runs while the evidence is appended: a removal or expiry it applied
      // meanwhile still wins, so the sighting never names that subject (the evidence, unreferenced,
      // ages out with its topic's retention).
      if (!this.stands(hit, closedAt)) match = { status: 'none' };
    }
    await this.publisher.publish(TOPICS.sightings, [
      newEnvelope(
        sightingRecorded,
        {
          cameraId: track.cameraId,
          trackId: track.trackId,
          firstSeenAt: track.firstSeenAt,
          lastSeenAt: track.lastSeenAt,
          facesSeen: track.facesSeen,
          bestQuality: track.bestQuality,
          match,
        },
        { ...context, occurredAt: closedAt },
      ),
    ]);
    await this.closedTracks.insertIfAbsent({
      id: key,
      cameraId: track.cameraId,
      trackId: track.trackId,
      closedAt,
    });
    if (stored) await this.trackHits.deleteById(key);
    this.metrics.recorded(match.status);
    return match.status;
  }

  /**
   * Whether a stored hit still stands against the gallery as it is now: a subject or template
   * removed, or a watchlist expired, since the face was searched no longer produces a match.
   * Synchronous, so nothing can be applied to the gallery between this check and what follows.
   */
  private stands(hit: TrackHit, closedAt: Date): boolean {
    const [still] = this.gallery.projection.revalidate(
      [
        {
          watchlistId: hit.watchlistId,
          threshold: 0,
          engine: 'exact',
          candidates: [
            {
              subjectId: hit.subjectId,
              templateId: hit.templateId,
              score: hit.score,
              templateSeq: hit.templateSeq,
            },
          ],
        },
      ],
      closedAt,
    );
    return still !== undefined;
  }

  private matchOf(
    identification: TrackClosedEvent['payload']['identification'],
    hit: TrackHit | undefined,
  ): SightingMatch {
    switch (identification) {
      case 'sensitive-camera':
      case 'no-usable-face':
        return { status: 'not-attempted', reason: identification };
      case 'attempted':
        return hit
          ? {
              status: 'matched',
              watchlistId: hit.watchlistId,
              subjectId: hit.subjectId,
              score: hit.score,
              faceId: hit.faceId,
              templateId: hit.templateId,
              evidenceId: evidenceIdOf(hit.faceId),
            }
          : { status: 'none' };
      default:
        return assertUnreachable(identification);
    }
  }
}
