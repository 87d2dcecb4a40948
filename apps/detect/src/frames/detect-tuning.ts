import type { TrackingConfig } from '@sightline/config';
import type { TrackerSettings } from './track-frame';

/**
 * A later face of a track is sent only if its quality beats the best sent so far by this much:
 * below it, a second template rarely changes the match and costs an embedding and a search.
 */
export const SEND_QUALITY_MARGIN = 0.05;

/** How often cameras are checked for idleness: a fraction of TRACK_MAX_IDLE_MS keeps closure prompt. */
export const IDLE_SWEEP_INTERVAL_MS = 500;

/** The `source` of every envelope detect publishes. */
export const DETECT_SOURCE = 'detect';

/**
 * SORT-style track confirmation: a track must be matched in this many frames before it sends a
 * face or closes with a trackClosed (and so becomes a sighting). At 10 fps a real person is seen
 * for many frames, while most detections seen in only one or two are flicker of small or blurry
 * faces and background false positives: on a 4.2 s street clip, 25 of 39 closed tracks were
 * seen once. Three hits is 0.3 s at 10 fps, short enough not to miss a passer-by.
 */
export const TRACK_MIN_HITS = 3;

/**
 * A tentative (unconfirmed) track is discarded once unseen for more than this many consecutive
 * frames: stricter than TRACK_MAX_MISSED_FRAMES so flicker dies fast, yet one missed frame is
 * forgiven because at low fps a real, small face can drop out of one detection.
 */
export const TENTATIVE_MAX_MISSED_FRAMES = 1;

/** The tracker's settings: the operator's TRACK_* config plus the constants above. */
export function trackerSettings(tracking: TrackingConfig): TrackerSettings {
  return {
    iouThreshold: tracking.iouThreshold,
    maxMissedFrames: tracking.maxMissedFrames,
    maxFacesSent: tracking.maxFacesSent,
    analysisIntervalMs: tracking.faceAnalysisIntervalMs,
    sendMargin: SEND_QUALITY_MARGIN,
    minHits: TRACK_MIN_HITS,
    tentativeMaxMissedFrames: TENTATIVE_MAX_MISSED_FRAMES,
  };
}
