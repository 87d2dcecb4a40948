import { DomainError, ErrorCode } from '@sightline/contracts';
import type { ReviewMode } from '@sightline/governance';
import { galleryV1 } from '@sightline/proto';

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
