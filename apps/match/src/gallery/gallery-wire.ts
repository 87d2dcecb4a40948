import { assertUnreachable, DomainError, ErrorCode } from '@sightline/contracts';
import type { ReviewMode } from '@sightline/governance';
import { galleryV1 } from '@sightline/proto';
import type { SubjectListing } from './gallery-listing.entity';
import type { ListedWatchlist } from './list-watchlists.usecase';

/**
 * sightline.gallery.v1 messages as Nest's proto-loader hands them over (camelCase, Timestamp as
 * seconds and nanos, enums as numbers, bytes as Buffer), and their translation to commands.
 */
export interface WireTimestamp {
  readonly seconds: number;
  readonly nanos: number;
}

export interface WireCreateWatchlistRequest {
  readonly name: string;
  readonly purpose: string;
  readonly legalBasis: string;
  readonly authorisedBy: string;
  readonly owner: string;
  readonly expiresAt?: WireTimestamp | null;
  readonly zones: readonly string[];
  readonly threshold: number;
  readonly reviewMode: number;
}

export interface WireEnrolSubjectRequest {
  readonly watchlistId: string;
  readonly displayName: string;
  readonly legalBasis: string;
  readonly sourceReference: string;
  readonly enrolledBy: string;
  readonly photos: readonly { readonly image: Uint8Array; readonly reference: string }[];
}

export interface WireRemoveSubjectRequest {
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly removedBy: string;
  readonly reason: string;
}

export function dateOf(timestamp: WireTimestamp | null | undefined, field: string): Date {
  if (!timestamp || (timestamp.seconds === 0 && timestamp.nanos === 0)) {
    throw new DomainError(ErrorCode.InvalidArgument, `${field} is required`, { field });
  }
  return new Date(timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1e6));
}

export function reviewModeOf(mode: number): ReviewMode {
  switch (mode) {
    case galleryV1.ReviewMode.REVIEW_MODE_SINGLE:
      return 'single';
    case galleryV1.ReviewMode.REVIEW_MODE_TWO_PERSON:
      return 'two-person';
    default:
      throw new DomainError(
        ErrorCode.InvalidArgument,
        'review_mode is required: REVIEW_MODE_SINGLE or REVIEW_MODE_TWO_PERSON',
        { reviewMode: mode },
      );
  }
}

/** proto3 cannot tell 0 from unset, and a threshold of 0 would match everyone: refuse it. */
export function thresholdOf(threshold: number): number {
  if (!(threshold > 0)) {
    throw new DomainError(
      ErrorCode.InvalidArgument,
      'threshold is required and must be above 0 (cosine similarity in (0, 1])',
      { threshold },
    );
  }
  return threshold;
}

export function timestampOf(date: Date): WireTimestamp;
export function timestampOf(date: Date | undefined): WireTimestamp | undefined;
export function timestampOf(date: Date | undefined): WireTimestamp | undefined {
  if (!date) return undefined;
  const ms = date.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}

export interface WireListWatchlistsRequest {
  readonly pageSize: number;
  readonly pageToken: string;
  readonly includeExpired: boolean;
}

export interface WireListSubjectsRequest {
  readonly watchlistId: string;
  readonly pageSize: number;
  readonly pageToken: string;
  readonly includeRemoved: boolean;
}

export function wireReviewModeOf(mode: ReviewMode): galleryV1.ReviewMode {
  switch (mode) {
    case 'single':
      return galleryV1.ReviewMode.REVIEW_MODE_SINGLE;
    case 'two-person':
      return galleryV1.ReviewMode.REVIEW_MODE_TWO_PERSON;
    default:
      return assertUnreachable(mode);
  }
}

export function wireWatchlistOf(watchlist: ListedWatchlist): Record<string, unknown> {
  return {
    watchlistId: watchlist.id,
    name: watchlist.name,
    purpose: watchlist.purpose,
    legalBasis: watchlist.legalBasis,
    authorisedBy: watchlist.authorisedBy,
    owner: watchlist.owner,
    expiresAt: timestampOf(watchlist.expiresAt),
    zones: watchlist.zones,
    threshold: watchlist.threshold,
    reviewMode: wireReviewModeOf(watchlist.reviewMode),
    status:
      watchlist.status === 'expired'
        ? galleryV1.WatchlistStatus.WATCHLIST_STATUS_EXPIRED
        : galleryV1.WatchlistStatus.WATCHLIST_STATUS_ACTIVE,
    createdAt: timestampOf(watchlist.createdAt),
    expiredAt: timestampOf(watchlist.expiredAt),
    enrolledSubjects: watchlist.enrolledSubjects,
  };
}

export function wireSubjectOf(subject: SubjectListing): Record<string, unknown> {
  return {
    subjectId: subject.subjectId,
    watchlistId: subject.watchlistId,
    displayName: subject.displayName,
    legalBasis: subject.legalBasis,
    sourceReference: subject.sourceReference,
    enrolledBy: subject.enrolledBy,
    enrolledAt: timestampOf(subject.enrolledAt),
    status:
      subject.status === 'removed'
        ? galleryV1.SubjectStatus.SUBJECT_STATUS_REMOVED
        : galleryV1.SubjectStatus.SUBJECT_STATUS_ENROLLED,
    templates: subject.templateIds.length,
    removedAt: timestampOf(subject.removedAt),
    removedBy: subject.removedBy ?? '',
    removalReason: subject.removalReason ?? '',
  };
}
