import { assertUnreachable } from '@sightline/contracts';
import type { Box, QualityRejection } from '@sightline/vision';
import { centreOf, predictBox } from './box-geometry';
import { assignGreedy } from './greedy-assignment';
import type { CameraTrackerState, TrackState, Velocity } from './tracker-state';

export interface TrackerSettings {
  readonly iouThreshold: number;
  /** A track closes once it has gone unseen for more than this many consecutive frames. */
  readonly maxMissedFrames: number;
  readonly maxFacesSent: number;
  /** How much a later face must beat the best face sent so far to be sent as well. */
  readonly sendMargin: number;
}

/** The frame as the tracker needs it: identity, time and the camera's privacy setting. */
export interface TrackedFrame {
  readonly frameId: string;
  readonly capturedAt: string;
  readonly zone: string;
  readonly sensitive: boolean;
}

/** A detection in frame order; `quality` is absent on sensitive cameras, where nothing is assessed. */
export interface TrackerDetection {
  readonly box: Box;
  readonly quality?: { readonly score: number; readonly rejections: readonly QualityRejection[] };
}

export type FaceDecision =
  | { readonly outcome: 'sent'; readonly trackId: string }
  | {
      readonly outcome: 'below-quality';
      readonly trackId: string;
      readonly reason: QualityRejection;
    }
  | { readonly outcome: 'not-best'; readonly trackId: string }
  | { readonly outcome: 'sensitive-camera'; readonly trackId: string };

export type TrackIdentification = 'attempted' | 'sensitive-camera' | 'no-usable-face';

export interface ClosedTrack {
  readonly trackId: string;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly closedAt: string;
  readonly facesSeen: number;
  readonly facesSent: number;
  readonly bestQuality: number;
  readonly identification: TrackIdentification;
}

export interface FrameTracking {
  readonly state: CameraTrackerState;
  /** One per detection, same order. */
  readonly decisions: readonly FaceDecision[];
  readonly closed: readonly ClosedTrack[];
}

/**
 * Weight of the newest centre displacement in the velocity estimate: high enough to follow a
 * person who turns, low enough that one jittery box does not throw the prediction off.
 */
const VELOCITY_GAIN = 0.7;

export function emptyTrackerState(cameraId: string, zone: string): CameraTrackerState {
  return { cameraId, zone, tracks: [] };
}

/** Whether the frame was already applied to this state (a Kafka redelivery after a crash). */
export function isAlreadyTracked(state: CameraTrackerState, frame: TrackedFrame): boolean {
  if (state.lastFrameId === frame.frameId) return true;
  if (state.lastFrameCapturedAt === undefined) return false;
  return Date.parse(frame.capturedAt) <= Date.parse(state.lastFrameCapturedAt);
}

/**
 * Applies one frame's detections to a camera's open tracks. Pure: the caller keeps the returned
 * state only once the frame's events are published and checkpointed, so a failure leaves the
 * previous state in force and the retried frame gives the same decisions and ids.
 */
export function trackFrame(
  state: CameraTrackerState,
  frame: TrackedFrame,
  detections: readonly TrackerDetection[],
  settings: TrackerSettings,
): FrameTracking {
  const predicted = state.tracks.map((track) =>
    predictBox(track.box, track.velocity, track.missedFrames + 1),
  );
  const assignments = assignGreedy(
    predicted,
    detections.map((detection) => detection.box),
    settings.iouThreshold,
  );
  const trackOf = new Map(assignments.map((a) => [a.detection, a.track]));

  const decisions: FaceDecision[] = [];
  const updated = new Map<number, TrackState>();
  const opened: TrackState[] = [];
  for (const [index, detection] of detections.entries()) {
    const trackIndex = trackOf.get(index);
    const previous =
      trackIndex === undefined
        ? openTrack(`${frame.frameId}.${index}`, detection.box, frame)
        : continueTrack(state.tracks[trackIndex], detection.box, frame);
    const { track, decision } = decide(previous, detection, frame, settings);
    decisions.push(decision);
    if (trackIndex === undefined) opened.push(track);
    else updated.set(trackIndex, track);
  }

  const tracks: TrackState[] = [];
  const closed: ClosedTrack[] = [];
  for (const [index, track] of state.tracks.entries()) {
    const seen = updated.get(index);
    if (seen) {
      tracks.push(seen);
      continue;
    }
    const missed = { ...track, missedFrames: track.missedFrames + 1 };
    if (missed.missedFrames > settings.maxMissedFrames)
      closed.push(closeTrack(missed, frame.capturedAt));
    else tracks.push(missed);
  }
  tracks.push(...opened);
  return {
    state: {
      cameraId: state.cameraId,
      zone: frame.zone,
      tracks,
      lastFrameId: frame.frameId,
      lastFrameCapturedAt: frame.capturedAt,
    },
    decisions,
    closed,
  };
}

/** Closes every open track of a camera that stopped sending frames; each closes at its last sighting. */
export function closeIdleTracks(state: CameraTrackerState): {
  state: CameraTrackerState;
  closed: ClosedTrack[];
} {
  return {
    state: { ...state, tracks: [] },
    closed: state.tracks.map((track) => closeTrack(track, track.lastSeenAt)),
  };
}

function openTrack(trackId: string, box: Box, frame: TrackedFrame): TrackState {
  return {
    trackId,
    box,
    velocity: { dx: 0, dy: 0 },
    missedFrames: 0,
    facesSeen: 0,
    facesSent: 0,
    bestQuality: 0,
    bestSentQuality: 0,
    firstSeenAt: frame.capturedAt,
    lastSeenAt: frame.capturedAt,
    sensitive: false,
  };
}

function continueTrack(track: TrackState, box: Box, frame: TrackedFrame): TrackState {
  const before = centreOf(track.box);
  const after = centreOf(box);
  const steps = track.missedFrames + 1;
  const measured: Velocity = { dx: (after.x - before.x) / steps, dy: (after.y - before.y) / steps };
  // With one sighting there is no velocity yet to smooth: the first displacement is the estimate.
  const velocity =
    track.facesSeen <= 1
      ? measured
      : {
          dx: VELOCITY_GAIN * measured.dx + (1 - VELOCITY_GAIN) * track.velocity.dx,
          dy: VELOCITY_GAIN * measured.dy + (1 - VELOCITY_GAIN) * track.velocity.dy,
        };
  return { ...track, box, velocity, missedFrames: 0, lastSeenAt: frame.capturedAt };
}

/** The best-face policy: send the first usable face, then only clearly better ones, up to the cap. */
function decide(
  track: TrackState,
  detection: TrackerDetection,
  frame: TrackedFrame,
  settings: TrackerSettings,
): { track: TrackState; decision: FaceDecision } {
  const seen: TrackState = {
    ...track,
    facesSeen: track.facesSeen + 1,
    sensitive: track.sensitive || frame.sensitive,
  };
  const { trackId } = track;
  if (frame.sensitive || !detection.quality) {
    return { track: seen, decision: { outcome: 'sensitive-camera', trackId } };
  }
  const { score, rejections } = detection.quality;
  const assessed = { ...seen, bestQuality: Math.max(seen.bestQuality, score) };
  if (rejections.length > 0) {
    return {
      track: assessed,
      decision: { outcome: 'below-quality', trackId, reason: rejections[0] },
    };
  }
  const better =
    assessed.facesSent === 0 || score >= assessed.bestSentQuality + settings.sendMargin;
  if (!better || assessed.facesSent >= settings.maxFacesSent) {
    return { track: assessed, decision: { outcome: 'not-best', trackId } };
  }
  return {
    track: {
      ...assessed,
      facesSent: assessed.facesSent + 1,
      bestSentQuality: Math.max(assessed.bestSentQuality, score),
    },
    decision: { outcome: 'sent', trackId },
  };
}

function closeTrack(track: TrackState, closedAt: string): ClosedTrack {
  return {
    trackId: track.trackId,
    firstSeenAt: track.firstSeenAt,
    lastSeenAt: track.lastSeenAt,
    closedAt,
    facesSeen: track.facesSeen,
    facesSent: track.facesSent,
    bestQuality: track.bestQuality,
    identification: identificationOf(track),
  };
}

function identificationOf(track: TrackState): TrackIdentification {
  if (track.facesSent > 0) return 'attempted';
  if (track.sensitive) return 'sensitive-camera';
  return 'no-usable-face';
}

/** For metric labels and logs. */
export function decisionLabel(decision: FaceDecision): string {
  switch (decision.outcome) {
    case 'sent':
      return 'sent';
    case 'below-quality':
      return `below_quality_${decision.reason.toLowerCase()}`;
    case 'not-best':
      return 'not_best';
    case 'sensitive-camera':
      return 'sensitive_camera';
    default:
      return assertUnreachable(decision);
  }
}
