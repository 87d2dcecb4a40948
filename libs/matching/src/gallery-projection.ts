import { assertUnreachable, DomainError, ErrorCode } from '@sightline/contracts';
import { DEFAULT_ENGINE_POLICY, type EnginePolicy } from './engine-policy';
import type { GalleryEvent } from './gallery-event';
import type { SearchOptions, WatchlistMatches } from './match-result';
import { assertShard, shardOfTemplate, type GalleryShard } from './gallery-shard';
import { TemplateStore } from './template-store';
import { toTemplateVector } from './template-vector';
import { WatchlistGallery } from './watchlist-gallery';

export interface GalleryProjectionOptions {
  /** Length of every template and probe (the embedder's output size). */
  readonly dimension: number;
  readonly policy?: EnginePolicy;
  /** Hold only this slice of the templates (scatter-gather over shards); absent = all of them. */
  readonly shard?: GalleryShard;
}

export interface GalleryStats {
  readonly watchlists: number;
  readonly liveTemplates: number;
  /** Matrix plus index memory, the figure that decides when a gallery needs sharding. */
  readonly bytes: number;
}

/**
 * The match replica's in-memory gallery, built only by applying gallery events in log order.
 * Deterministic: the same events give the same state (see `galleryDigest`). Searches are
 * synchronous and read the state as it is at call time; a caller that awaits between search and
 * publishing must call `revalidate` at publish time so removals that landed meanwhile still win.
 */
export class GalleryProjection {
  readonly dimension: number;
  readonly policy: EnginePolicy;
  readonly shard: GalleryShard | undefined;
  private readonly galleries = new Map<string, WatchlistGallery>();
  /** Ids of watchlists whose expiry was applied: late events for them are ignored, not resurrected. */
  private readonly expired = new Set<string>();
  private templateSeq = 0;

  constructor(options: GalleryProjectionOptions) {
    this.dimension = options.dimension;
    this.policy = options.policy ?? DEFAULT_ENGINE_POLICY;
    if (options.shard) assertShard(options.shard);
    this.shard = options.shard;
  }

  apply(event: GalleryEvent): void {
    switch (event.type) {
      case 'sightline.gallery.watchlist-created': {
        const { watchlistId } = event.payload;
        if (this.expired.has(watchlistId) || this.galleries.has(watchlistId)) return;
        this.galleries.set(
          watchlistId,
          new WatchlistGallery(event.payload, new TemplateStore(this.dimension), this.policy),
        );
        return;
      }
      case 'sightline.gallery.subject-enrolled':
        this.galleryFor(event.payload.watchlistId)?.enrol(event.payload);
        return;
      case 'sightline.gallery.template-added': {
        const { watchlistId, subjectId, templateId, template } = event.payload;
        const vector = toTemplateVector(template, this.dimension, { watchlistId, templateId });
        const gallery = this.galleryFor(watchlistId);
        if (!gallery) return;
        // Validated above on every shard, so a malformed template is dead-lettered wherever it lands.
        if (this.shard && shardOfTemplate(templateId, this.shard.count) !== this.shard.index) {
          gallery.assertEnrolled(subjectId, templateId);
          return;
        }
        if (gallery.addTemplate(templateId, subjectId, vector, this.templateSeq + 1)) {
          this.templateSeq += 1;
        }
        return;
      }
      case 'sightline.gallery.template-removed':
        this.galleryFor(event.payload.watchlistId)?.removeTemplate(event.payload.templateId);
        return;
      case 'sightline.gallery.subject-removed':
        this.galleryFor(event.payload.watchlistId)?.removeSubject(event.payload.subjectId);
        return;
      case 'sightline.gallery.watchlist-expired':
        // Drop the templates now: an expired watchlist must not keep biometric data in memory.
        this.galleries.delete(event.payload.watchlistId);
        this.expired.add(event.payload.watchlistId);
        return;
      default:
        assertUnreachable(event);
    }
  }

  /** Top-k candidates per watchlist at or above that watchlist's own threshold. */
  search(probe: ArrayLike<number>, options: SearchOptions): WatchlistMatches[] {
    // A malformed probe is refused like a malformed template: it would score garbage silently.
    const vector = toTemplateVector(probe, this.dimension, {
      watchlistId: '-',
      templateId: 'probe',
    });
    const results: WatchlistMatches[] = [];
    for (const gallery of this.sortedGalleries()) {
      if (gallery.isExpiredAt(options.now) || !gallery.servesZone(options.zone)) continue;
      const matches = gallery.search(vector, options.k);
      if (matches) results.push(matches);
    }
    return results;
  }

  /**
   * Re-checks results against the state as it is now: drops candidates whose template or subject
   * was removed, watchlists that expired, and watchlists left with no candidate.
   */
  revalidate(results: readonly WatchlistMatches[], now: Date): WatchlistMatches[] {
    const still: WatchlistMatches[] = [];
    for (const result of results) {
      const gallery = this.galleries.get(result.watchlistId);
      if (!gallery || gallery.isExpiredAt(now)) continue;
      const candidates = result.candidates.filter((candidate) => gallery.holds(candidate));
      if (candidates.length > 0) still.push({ ...result, candidates });
    }
    return still;
  }

  /** Applies the engine policy to every watchlist; call after a catch-up replay and periodically. */
  optimise(): void {
    for (const gallery of this.sortedGalleries()) gallery.optimise();
  }

  stats(): GalleryStats {
    let liveTemplates = 0;
    let bytes = 0;
    for (const gallery of this.galleries.values()) {
      liveTemplates += gallery.store.liveCount;
      bytes += gallery.store.bytes + gallery.indexBytes;
    }
    return { watchlists: this.galleries.size, liveTemplates, bytes };
  }

  /** Watchlists sorted by id, so every walk over them (search, digest, snapshot) is deterministic. */
  sortedGalleries(): WatchlistGallery[] {
    return [...this.galleries.values()].sort((a, b) =>
      compareIds(a.info.watchlistId, b.info.watchlistId),
    );
  }

  expiredIds(): string[] {
    return [...this.expired].sort(compareIds);
  }

  get lastTemplateSeq(): number {
    return this.templateSeq;
  }

  /** Used by the snapshot reader only: installs state that was captured from a projection. */
  restore(galleries: readonly WatchlistGallery[], expired: readonly string[], seq: number): void {
    if (this.galleries.size > 0 || this.templateSeq > 0) {
      throw new DomainError(ErrorCode.Conflict, 'Cannot restore a snapshot into a used projection');
    }
    for (const gallery of galleries) this.galleries.set(gallery.info.watchlistId, gallery);
    for (const id of expired) this.expired.add(id);
    this.templateSeq = seq;
  }

  private galleryFor(watchlistId: string): WatchlistGallery | undefined {
    const gallery = this.galleries.get(watchlistId);
    if (gallery) return gallery;
    if (this.expired.has(watchlistId)) return undefined;
    throw new DomainError(ErrorCode.Conflict, `Watchlist ${watchlistId} does not exist`, {
      watchlistId,
    });
  }
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
