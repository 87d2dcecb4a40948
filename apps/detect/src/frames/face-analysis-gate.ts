import { boxArea, DEFAULT_QUALITY_THRESHOLDS, type Box } from '@sightline/vision';
import { isConfirmed, type TrackerSettings } from './track-frame';
import type { TrackState } from './tracker-state';

/** Why detect does not run landmarks, alignment and quality on a detection (a metric label). */
export type AnalysisSkipReason = 'too_small' | 'max_faces_sent' | 'recently_analysed';

/**
 * How much larger than at its last sent face a capped track's box must grow (in area: a fifth
 * wider and taller) before its faces are analysed again. A face that much closer to the camera
 * may score a clearly higher quality, which the track's bestQuality (in trackClosed) should show.
 */
export const CLEARLY_BIGGER_AREA = 1.44;

/**
 * A bound on a face's eye distance (from BlazeFace's landmarks) as a multiple of its detector
 * box's longer side. Measured on 1,242 real faces (bench/pipeline/too-small-study.ts: the street
 * and one-by-one videos at 360p to 1080p, the face-api demo photos down to 140 px wide): 0.37 at
 * the median, 0.60 at p99, 0.67 at most, and at most 0.55 on the faces that passed the quality bar
 * (the smallest of which had a 41 px box). A box below minEyeDistance / 0.7 (29 px for 20) skipped
 * none of them that was not TOO_SMALL. The geometric bound, 1 (the eyes lie inside the box),
 * would skip no face of a 720p street camera at all: its too-small faces have 20-50 px boxes.
 */
export const MAX_EYE_DISTANCE_PER_BOX_SIDE = 0.7;

/**
 * Whether a box is too small for its face to reach the quality bar's minimum eye distance
 * (QualityRejection.TOO_SMALL), by the bound above; face-analysis-gate.int-spec checks it with the
 * real models.
 */
export function isTooSmallToPass(
  box: Box,
  minEyeDistance: number = DEFAULT_QUALITY_THRESHOLDS.minEyeDistance,
): boolean {
  return Math.max(box.width, box.height) * MAX_EYE_DISTANCE_PER_BOX_SIDE < minEyeDistance;
}

/**
 * Whether detect may skip the per-face work (landmarks, chip, quality, most of its time per
 * frame) on a detection:
 * - `too_small`: the box is too small for the face to pass the quality bar (isTooSmallToPass);
 *   analysed, it would only be dropped as below_quality_too_small;
 * - `max_faces_sent`: it continues a track that has sent its maximum number of faces, which then
 *   sends nothing more whatever the quality, and whose box has not grown clearly since its last
 *   sent face;
 * - `recently_analysed`: it continues a confirmed track whose face was analysed less than
 *   analysisIntervalMs before (by capturedAt) at about the same size. A fast camera shows the
 *   same face in consecutive frames, so analysing each costs CPU and rarely finds a better one.
 * The first two change no decision, only the track's bestQuality (of faces assessed). The third
 * is a sampling: a better face in a skipped frame is missed, a later one is still found. A
 * tentative track is never sampled, so what it holds and releases is unchanged.
 * `track` is the one matchTracks gives; `capturedAt` is the frame's.
 */
export function analysisSkipReason(
  track: TrackState | undefined,
  box: Box,
  capturedAt: string,
  settings: Pick<TrackerSettings, 'maxFacesSent' | 'minHits' | 'analysisIntervalMs'>,
): AnalysisSkipReason | undefined {
  if (isTooSmallToPass(box)) return 'too_small';
  if (!track) return undefined;
  if (isCappedAtSize(track, box, settings.maxFacesSent)) return 'max_faces_sent';
  if (
    isConfirmed(track, settings.minHits) &&
    wasRecentlyAnalysed(track, box, capturedAt, settings)
  ) {
    return 'recently_analysed';
  }
  return undefined;
}

function isCappedAtSize(track: TrackState, box: Box, maxFacesSent: number): boolean {
  if (track.facesSent < maxFacesSent || track.sentBoxArea === undefined) return false;
  return !isClearlyBigger(box, track.sentBoxArea);
}

function wasRecentlyAnalysed(
  track: TrackState,
  box: Box,
  capturedAt: string,
  { analysisIntervalMs }: Pick<TrackerSettings, 'analysisIntervalMs'>,
): boolean {
  if (track.analysedAt === undefined || track.analysedBoxArea === undefined) return false;
  const sinceMs = Date.parse(capturedAt) - Date.parse(track.analysedAt);
  // A frame older than the last analysed one (clock skew at the camera) is analysed.
  if (!(sinceMs >= 0 && sinceMs < analysisIntervalMs)) return false;
  return !isClearlyBigger(box, track.analysedBoxArea);
}

/** Whether a face's box has grown by CLEARLY_BIGGER_AREA over an earlier one of its track. */
function isClearlyBigger(box: Box, earlierArea: number): boolean {
  return boxArea(box) > earlierArea * CLEARLY_BIGGER_AREA;
}
