import type { Camera } from './camera';
import { cameraSuppression, type CameraSuppressionReason } from './identification-eligibility';
import type { Watchlist } from './watchlist';

export type SuppressionReason =
  CameraSuppressionReason | 'expired' | 'out-of-zone' | 'below-threshold';

/** A suppression is not an error: the caller must audit it, so it comes back as a value. */
export type MatchDecision =
  { readonly kind: 'allow' } | { readonly kind: 'suppress'; readonly reason: SuppressionReason };

export interface MatchQuestion {
  readonly watchlist: Pick<Watchlist, 'expiresAt' | 'zones' | 'cameraIds' | 'threshold'>;
  readonly camera: Camera;
  readonly score: number;
  readonly now: Date;
}

function appliesAt(watchlist: MatchQuestion['watchlist'], camera: Camera): boolean {
  if (!watchlist.zones.includes(camera.zoneId)) return false;
  return watchlist.cameraIds.length === 0 || watchlist.cameraIds.includes(camera.cameraId);
}

/**
 * Whether a candidate match may become an alert. Reasons are checked from the most fundamental
 * (where the camera is) to the most incidental (how close the score was), so the audit trail
 * records the strongest reason a match was withheld.
 */
export function decideMatch({ watchlist, camera, score, now }: MatchQuestion): MatchDecision {
  const cameraReason = cameraSuppression(camera);
  if (cameraReason !== undefined) return { kind: 'suppress', reason: cameraReason };
  if (now.getTime() >= watchlist.expiresAt.getTime())
    return { kind: 'suppress', reason: 'expired' };
  if (!appliesAt(watchlist, camera)) return { kind: 'suppress', reason: 'out-of-zone' };
  // Written as a negation so that a NaN score is suppressed rather than allowed.
  if (!(score >= watchlist.threshold)) return { kind: 'suppress', reason: 'below-threshold' };
  return { kind: 'allow' };
}
