import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type MatchingConfig } from '@sightline/config';
import { DEFAULT_ENGINE_POLICY, GalleryProjection, type EnginePolicy } from '@sightline/matching';

/** Length of a dlib ResNet template, the embedder every watchlist is enrolled with today. */
export const TEMPLATE_DIMENSION = 128;

/** How often a caller waiting for its own gallery event to come back from the log looks again. */
const APPLIED_POLL_MS = 50;

export type WatchlistEntry = ReturnType<GalleryProjection['sortedGalleries']>[number];

/**
 * The replica's in-memory gallery. One per process, built only by replaying galleries.v1 from the
 * beginning at start-up (see bootstrapService `replays`) and then following it live.
 *
 * Beside the projection it keeps each live template's photo reference (the projection keeps only
 * vectors), so a hit's evidence can name the enrolment photo the reviewer compares against.
 */
@Injectable()
export class GalleryState {
  readonly projection: GalleryProjection;
  /** watchlistId -> templateId -> photo reference. */
  private readonly photoReferences = new Map<string, Map<string, string>>();

  constructor(@Inject(SIGHTLINE_CONFIG) config: { readonly matching: MatchingConfig }) {
    this.projection = new GalleryProjection({
      dimension: TEMPLATE_DIMENSION,
      policy: enginePolicyOf(config.matching),
    });
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
export function enginePolicyOf(matching: MatchingConfig): EnginePolicy {
  return {
    ...DEFAULT_ENGINE_POLICY,
    binaryMinTemplates: matching.binaryMinTemplates,
    binary: { rerankDepth: matching.rerankDepth },
  };
}
