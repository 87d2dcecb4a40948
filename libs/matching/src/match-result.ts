import type { EngineKind } from './search-engine';

export interface Candidate {
  readonly subjectId: string;
  readonly templateId: string;
  /** Cosine similarity from the f32 matrix, whatever engine proposed the candidate. */
  readonly score: number;
  /**
   * Which addition of this template produced the hit; `revalidate` compares it so a template removed
   * (or removed and re-added) while the probe was in flight is dropped.
   */
  readonly templateSeq: number;
}

export interface WatchlistMatches {
  readonly watchlistId: string;
  readonly threshold: number;
  readonly engine: EngineKind;
  /** Best first, all at or above `threshold`, at most k. Never empty. */
  readonly candidates: readonly Candidate[];
}

export interface SearchOptions {
  /** The instant the probe is judged at; expired watchlists yield nothing. */
  readonly now: Date;
  /** Candidates per watchlist. */
  readonly k: number;
  /** When set, only watchlists authorised for this zone are searched. */
  readonly zone?: string;
}
