import type { ReviewMode } from '@sightline/governance';

/**
 * Where a listing document was last changed in galleries.v1. The topic is keyed by watchlist, so a
 * watchlist's events share one partition and its offsets order them: an event at or below a
 * document's revision is a redelivery or a replay and changes nothing.
 */
export interface ListingRevision {
  /** Offset in the watchlist's partition of the last event applied to this document. */
  readonly revision: number;
  /** Id of that event: a duplicate of it appended later (a producer retry) is also a no-op. */
  readonly lastEventId: string;
}

export type WatchlistListingStatus = 'active' | 'expired';

/** A watchlist as the listing read model holds it: governance data, never a template. */
export interface WatchlistListing extends ListingRevision {
  /** The watchlist id. */
  readonly id: string;
  readonly name: string;
  readonly purpose: string;
  readonly legalBasis: string;
  readonly authorisedBy: string;
  readonly owner: string;
  readonly expiresAt: Date;
  readonly zones: string[];
  readonly threshold: number;
  readonly reviewMode: ReviewMode;
  readonly status: WatchlistListingStatus;
  readonly createdAt: Date;
  readonly expiredAt?: Date;
}

export type SubjectListingStatus = 'enrolled' | 'removed';

/** A subject as listed, with the provenance kept for audit and the ids (not values) of its templates. */
export interface SubjectListing extends ListingRevision {
  /** `${watchlistId}:${subjectId}`: subject ids are unique within a watchlist only. */
  readonly id: string;
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly displayName: string;
  readonly legalBasis: string;
  readonly sourceReference: string;
  readonly enrolledBy: string;
  readonly enrolledAt: Date;
  readonly status: SubjectListingStatus;
  readonly templateIds: string[];
  readonly removedAt?: Date;
  readonly removedBy?: string;
  readonly removalReason?: string;
}

/** How far one partition of galleries.v1 has been applied to the read model. */
export interface ListingCheckpoint {
  /** `${topic}:${partition}` */
  readonly id: string;
  readonly offset: number;
}

export function subjectListingId(watchlistId: string, subjectId: string): string {
  return `${watchlistId}:${subjectId}`;
}
