import { Inject, Injectable } from '@nestjs/common';
import type { Candidate, WatchlistMatches } from '@sightline/matching';
import { GalleryState } from './gallery-state';
import { MatchMetrics, type SearchOutcome } from './match-metrics';
import type { FaceEmbeddedEvent } from './probe-events';
import { TrackHitRepository } from './track-hit.repository';

/** The best candidate of one search, with its watchlist. */
export interface BestHit {
  readonly watchlistId: string;
  readonly candidate: Candidate;
}

/** Highest score across watchlists; each watchlist already dropped candidates below its threshold. */
export function bestHitOf(results: readonly WatchlistMatches[]): BestHit | undefined {
  let best: BestHit | undefined;
  for (const result of results) {
    const [top] = result.candidates;
    if (top && (!best || top.score > best.candidate.score)) {
      best = { watchlistId: result.watchlistId, candidate: top };
    }
  }
  return best;
}

/**
 * Searches one face against the watchlists in force for its camera's zone at capture time. A hit
 * may replace the track's stored hit if it scores higher; a miss writes nothing anywhere: the
 * template and chip of a non-matching face end with this call.
 */
@Injectable()
export class SearchFaceUseCase {
  constructor(
    @Inject(GalleryState) private readonly gallery: GalleryState,
    @Inject(TrackHitRepository) private readonly trackHits: TrackHitRepository,
    @Inject(MatchMetrics) private readonly metrics: MatchMetrics,
  ) {}

  async execute(event: FaceEmbeddedEvent): Promise<SearchOutcome> {
    const face = event.payload;
    const capturedAt = new Date(face.capturedAt);
    const stopTimer = this.metrics.searchSeconds.startTimer();
    const results = this.gallery.projection.search(face.template, {
      now: capturedAt,
      k: 1,
      zone: face.zone,
    });
    stopTimer();
    const best = bestHitOf(results);
    const photoReference =
      best && this.gallery.photoReferenceOf(best.watchlistId, best.candidate.templateId);
    if (!best || photoReference === undefined) {
      this.metrics.searched('miss');
      return 'miss';
    }
    this.metrics.searched('hit');
    await this.trackHits.keepIfBetter({
      id: `${face.cameraId}:${face.trackId}`,
      cameraId: face.cameraId,
      trackId: face.trackId,
      watchlistId: best.watchlistId,
      subjectId: best.candidate.subjectId,
      templateId: best.candidate.templateId,
      templateSeq: best.candidate.templateSeq,
      score: best.candidate.score,
      faceId: face.faceId,
      capturedAt,
      alignedChip: face.alignedChip,
      photoReference,
    });
    return 'hit';
  }
}
