import { DomainError, ErrorCode } from '@sightline/contracts';

/**
 * Identifies "the same person on the same camera in the same track". Encoded as a JSON array so
 * that ids containing any separator can never collide ('a|b','c' vs 'a','b|c').
 */
export function mergeKey(subjectId: string, cameraId: string, trackId: string): string {
  return JSON.stringify([subjectId, cameraId, trackId]);
}

/**
 * Whether a repeat should fold into the previous alert rather than page reviewers again. The
 * distance is absolute because sightings can arrive out of order.
 */
export function shouldMerge(
  previousAlertAt: Date | undefined,
  now: Date,
  windowSeconds: number,
): boolean {
  if (!Number.isFinite(windowSeconds) || windowSeconds < 0) {
    throw new DomainError(
      ErrorCode.InvalidArgument,
      `merge window ${windowSeconds}s is not a duration`,
    );
  }
  if (previousAlertAt === undefined) return false;
  return Math.abs(now.getTime() - previousAlertAt.getTime()) < windowSeconds * 1000;
}
