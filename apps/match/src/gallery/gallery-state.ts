import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type MatchingConfig } from '@sightline/config';
import { DEFAULT_ENGINE_POLICY, GalleryProjection, type EnginePolicy } from '@sightline/matching';
import type { ReplayPosition } from '@sightline/messaging';

/** Length of a dlib ResNet template, the embedder every watchlist is enrolled with today. */
export const TEMPLATE_DIMENSION = 128;

/** How often a caller waiting for its own gallery event to come back from the log looks again. */
const APPLIED_POLL_MS = 50;

export type WatchlistEntry = ReturnType<GalleryProjection['sortedGalleries']>[number];

/** watchlistId -> templateId -> photo reference. */
export type PhotoReferences = Map<string, Map<string, string>>;

/**
 * The replica's in-memory gallery. One per process, built by replaying galleries.v1 at start-up
 * (from the beginning, or from the snapshot it restored; see bootstrapService `replays`) and then
 * following it live.
 *
 * Beside the projection it keeps each live template's photo reference (the projection keeps only
 * vectors), so a hit's evidence can name the enrolment photo the reviewer compares against.
 */
@Injectable()
export class GalleryState {
  private current: GalleryProjection;
  private photoReferences: PhotoReferences = new Map();
  /** Per `topic/partition`: the next offset to apply, for snapshots. */
  private readonly positions = new Map<string, ReplayPosition>();
  private appliedEvents = 0;

  constructor(
    @Inject(SIGHTLINE_CONFIG)
    config: {
      readonly matching: Pick<MatchingConfig, 'binaryMinTemplates' | 'rerankDepth'>;
    },
  ) {
    this.current = new GalleryProjection({
      dimension: TEMPLATE_DIMENSION,
      policy: enginePolicyOf(config.matching),
    });
  }

  get projection(): GalleryProjection {
    return this.current;
  }

  /** Events passed since start; a snapshot is due only when this moved. */
  get revision(): number {
    return this.appliedEvents;
  }

  /** Called once per event after everything it causes is done, so a snapshot never runs ahead. */
  markApplied(position: { topic: string; partition: number; offset: string }): void {
    const next = (BigInt(position.offset) + 1n).toString();
    this.positions.set(`${position.topic}/${position.partition}`, { ...position, offset: next });
    this.appliedEvents += 1;
  }

  appliedPositions(): ReplayPosition[] {
    return [...this.positions.values()];
  }

  /** Photo references of live templates, for a snapshot. */
  photoReferencesSnapshot(): PhotoReferences {
    return this.photoReferences;
  }

  /** Before the replay starts: the snapshot's state, which the replay then continues. */
  restore(
    projection: GalleryProjection,
    photoReferences: PhotoReferences,
    positions: readonly ReplayPosition[],
  ): void {
    this.current = projection;
    this.photoReferences = photoReferences;
    this.positions.clear();
    for (const position of positions)
      this.positions.set(`${position.topic}/${position.partition}`, position);
  }

  watchlist(watchlistId: string): WatchlistEntry | undefined {
    return this.projection.sortedGalleries().find((g) => g.info.watchlistId === watchlistId);
  }

  photoReferenceOf(watchlistId: string, templateId: string): string | undefined {
    return this.photoReferences.get(watchlistId)?.get(templateId);
  }

  rememberPhotoReference(watchlistId: string, templateId: string, reference: string): void {
    let references = this.photoReferences.get(watchlistId);
    if (!references) this.photoReferences.set(watchlistId, (references = new Map()));
    if (!references.has(templateId)) references.set(templateId, reference);
  }

  /** Drops references whose template left the gallery (removed, subject removed, expired). */
  forgetDeadPhotoReferences(watchlistId: string): void {
    const references = this.photoReferences.get(watchlistId);
    if (!references) return;
    const gallery = this.watchlist(watchlistId);
    if (!gallery) {
      this.photoReferences.delete(watchlistId);
      return;
    }
    for (const templateId of [...references.keys()]) {
      if (!gallery.templates.has(templateId)) references.delete(templateId);
    }
  }

  /**
   * Waits (bounded) until the replay consumer has applied what this replica just published, so a
   * client that creates a watchlist and enrols right after finds it. Resolves false on timeout:
   * the events are in the log either way.
   */
  async awaitApplied(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, APPLIED_POLL_MS));
    }
    return true;
  }
}

/** Exact scan for small watchlists, code scan from the configured size; no graph on the event path. */
export function enginePolicyOf(
  matching: Pick<MatchingConfig, 'binaryMinTemplates' | 'rerankDepth'>,
): EnginePolicy {
  return {
    ...DEFAULT_ENGINE_POLICY,
    binaryMinTemplates: matching.binaryMinTemplates,
    binary: { rerankDepth: matching.rerankDepth },
  };
}
