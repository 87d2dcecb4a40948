import { DomainError, ErrorCode } from '@sightline/contracts';
import type { Candidate, WatchlistMatches } from './match-result';

/**
 * One slice of a gallery too large for one replica (docs/architecture.md, "When a gallery
 * outgrows a replica"): the shard holds the templates whose id hashes to `index` modulo `count`,
 * and every watchlist and subject. Hashing the template id, not the subject, spreads a subject
 * with many photos and keeps every shard the same size.
 */
export interface GalleryShard {
  readonly index: number;
  readonly count: number;
}

export function assertShard(shard: GalleryShard): void {
  if (!Number.isInteger(shard.count) || shard.count < 1) {
    throw new DomainError(ErrorCode.InvalidArgument, `shard count ${shard.count} is not >= 1`);
  }
  if (!Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new DomainError(
      ErrorCode.InvalidArgument,
      `shard index ${shard.index} is not in [0, ${shard.count})`,
    );
  }
}

/** FNV-1a over the UTF-16 code units: stable across processes and releases, unlike a Map order. */
export function shardOfTemplate(templateId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < templateId.length; i += 1) {
    hash ^= templateId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/**
 * The gather step of a scatter-gather search: the per-shard results of one probe merged into what
 * one unsharded projection would have answered (top-k per watchlist, best first, ties by template
 * id). Every shard must have answered; a caller missing one must fail the probe, not merge less.
 */
export function mergeShardResults(
  perShard: readonly (readonly WatchlistMatches[])[],
  k: number,
): WatchlistMatches[] {
  const byWatchlist = new Map<string, { first: WatchlistMatches; candidates: Candidate[] }>();
  for (const results of perShard) {
    for (const result of results) {
      const entry = byWatchlist.get(result.watchlistId);
      if (entry) entry.candidates.push(...result.candidates);
      else
        byWatchlist.set(result.watchlistId, { first: result, candidates: [...result.candidates] });
    }
  }
  return [...byWatchlist.values()]
    .sort((a, b) => (a.first.watchlistId < b.first.watchlistId ? -1 : 1))
    .map(({ first, candidates }) => ({
      ...first,
      candidates: candidates
        .sort((a, b) => b.score - a.score || (a.templateId < b.templateId ? -1 : 1))
        .slice(0, k),
    }));
}
