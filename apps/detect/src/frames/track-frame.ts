import { assertUnreachable } from '@sightline/contracts';
import { boxArea, type Box, type QualityRejection } from '@sightline/vision';
import { centreOf, predictBox } from './box-geometry';
import type { AnalysisSkipReason } from './face-analysis-gate';
import { assignGreedy } from './greedy-assignment';
import type { CameraTrackerState, TrackState, Velocity } from './tracker-state';

export interface TrackerSettings {
  readonly iouThreshold: number;
  /** A confirmed track closes once it has gone unseen for more than this many consecutive frames. */
  readonly maxMissedFrames: number;
  readonly maxFacesSent: number;
  /**
   * Least time (by capturedAt) between two analyses of a confirmed track's faces, unless its box
   * grew clearly (face-analysis-gate); 0 analyses every face.
   */
  readonly analysisIntervalMs: number;
  /** How much a later face must beat the best face sent so far to be sent as well. */
  readonly sendMargin: number;
  /**
   * Frames a track must be matched in before it is confirmed. Until then it is tentative: its
   * best usable face is held (not sent), and if it is lost it is discarded without a trackClosed.
   */
  readonly minHits: number;
  /** A tentative track is discarded once unseen for more than this many consecutive frames. */
  readonly tentativeMaxMissedFrames: number;
}

/** The frame as the tracker needs it: identity, time and the camera's privacy setting. */
export interface TrackedFrame {
  readonly frameId: string;
  readonly capturedAt: string;
  readonly zone: string;
  readonly sensitive: boolean;
}

/**
 * A detection in frame order; `quality` and `face` are absent on sensitive cameras, where nothing
 * is assessed, and on faces the caller did not analyse (`skipped`, see face-analysis-gate).
 * `face` is what the caller wants back if the face is held for a tentative track and later
 * released (the tracker never looks inside it); a detection without one is not held.
 */
export interface TrackerDetection<F = never> {
  readonly box: Box;
  readonly quality?: { readonly score: number; readonly rejections: readonly QualityRejection[] };
  readonly face?: F;
  readonly skipped?: AnalysisSkipReason;
}

/** The best usable face of a tentative track so far, waiting for the track to be confirmed. */
export interface HeldFace<F> {
  readonly trackId: string;
  readonly quality: number;
  readonly face: F;
}

/**
 * Held faces by trackId. Kept apart from CameraTrackerState on purpose: the state is
 * checkpointed, these carry biometric data and live in memory only (lost in a crash, which
 * only means a restored tentative track sends its next usable face once confirmed).
 */
export type HeldFaces<F> = ReadonlyMap<string, HeldFace<F>>;

export type FaceDecision =
  | { readonly outcome: 'sent'; readonly trackId: string }
  | {
      readonly outcome: 'below-quality';
      readonly trackId: string;
      readonly reason: QualityRejection;
    }
  | { readonly outcome: 'not-best'; readonly trackId: string }
  /** Usable face of a tentative track, now its best: held, sent if the track is confirmed. */
  | { readonly outcome: 'held'; readonly trackId: string }
  | { readonly outcome: 'sensitive-camera'; readonly trackId: string }
  /** Not analysed: nothing it could show would change a decision (face-analysis-gate). */
  | { readonly outcome: 'skipped'; readonly trackId: string; readonly reason: AnalysisSkipReason };

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

export interface FrameTracking<F = never> {
  readonly state: CameraTrackerState;
  /** The held faces of the tentative tracks after this frame. */
  readonly held: HeldFaces<F>;
  /**
   * Held faces of tracks this frame confirmed, already counted as sent: publish them before
   * this frame's own faces (they were seen earlier).
   */
  readonly released: readonly HeldFace<F>[];
  /** One per detection, same order. */
  readonly decisions: readonly FaceDecision[];
  readonly closed: readonly ClosedTrack[];
  /** Tentative tracks lost before confirmation: dropped without a trackClosed. */
  readonly discarded: readonly string[];
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
 * Whether a track has been matched often enough to be a person rather than flicker. A track that
 * already sent a face is confirmed whatever its hits: it can only come from a checkpoint written
 * before confirmation existed, and its faces are already downstream.
 */
export function isConfirmed(track: TrackState, minHits: number): boolean {
  return track.facesSeen >= minHits || track.facesSent > 0;
}

/**
 * Applies one frame's detections to a camera's open tracks. Pure: the caller keeps the returned
 * state and held faces only once the frame's events are published and checkpointed, so a
 * failure leaves the previous ones in force and the retried frame gives the same decisions and ids.
 */
export function trackFrame<F = never>(
  state: CameraTrackerState,
  frame: TrackedFrame,
  detections: readonly TrackerDetection<F>[],
  settings: TrackerSettings,
  held: HeldFaces<F> = new Map(),
): FrameTracking<F> {
  const trackOf = assignTracks(
    state,
    detections.map((detection) => detection.box),
    settings.iouThreshold,
  );

  const decisions: FaceDecision[] = [];
  const updated = new Map<number, TrackState>();
  const opened: TrackState[] = [];
  const released: HeldFace<F>[] = [];
  const nextHeld = new Map<string, HeldFace<F>>();
  for (const [index, detection] of detections.entries()) {
    const trackIndex = trackOf.get(index);
    const previous =
      trackIndex === undefined
        ? openTrack(`${frame.frameId}.${index}`, detection.box, frame)
        : continueTrack(state.tracks[trackIndex], detection.box, frame);
    const outcome = decide(previous, detection, frame, settings, held.get(previous.trackId));
    decisions.push(outcome.decision);
    if (outcome.released) released.push(outcome.released);
    if (outcome.held) nextHeld.set(outcome.track.trackId, outcome.held);
    if (trackIndex === undefined) opened.push(outcome.track);
    else updated.set(trackIndex, outcome.track);
  }

  const tracks: TrackState[] = [];
  const closed: ClosedTrack[] = [];
  const discarded: string[] = [];
  // Never more lenient with a tentative track than with a confirmed one.
  const tentativeMaxMissed = Math.min(settings.tentativeMaxMissedFrames, settings.maxMissedFrames);
  for (const [index, track] of state.tracks.entries()) {
    const seen = updated.get(index);
    if (seen) {
      tracks.push(seen);
      continue;
    }
    const missed = { ...track, missedFrames: track.missedFrames + 1 };
    const confirmed = isConfirmed(track, settings.minHits);
    if (!confirmed && missed.missedFrames > tentativeMaxMissed) {
      // Flicker: no trackClosed, no sighting, and its held face (if any) is dropped.
      discarded.push(track.trackId);
      continue;
    }
    if (confirmed && missed.missedFrames > settings.maxMissedFrames) {
      closed.push(closeTrack(missed, frame.capturedAt));
      continue;
    }
    tracks.push(missed);
    const kept = confirmed ? undefined : held.get(track.trackId);
    if (kept) nextHeld.set(track.trackId, kept);
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
    held: nextHeld,
    released,
    decisions,
    closed,
    discarded,
  };
}

/**
 * Ends every open track of a camera that stopped sending frames: confirmed ones close at their
 * last sighting, tentative ones are discarded (the caller drops their held faces).
 */
export function closeIdleTracks(
  state: CameraTrackerState,
  settings: Pick<TrackerSettings, 'minHits'>,
): { state: CameraTrackerState; closed: ClosedTrack[]; discarded: string[] } {
  const confirmed = state.tracks.filter((track) => isConfirmed(track, settings.minHits));
  return {
    state: { ...state, tracks: [] },
    closed: confirmed.map((track) => closeTrack(track, track.lastSeenAt)),
    discarded: state.tracks
      .filter((track) => !confirmed.includes(track))
      .map((track) => track.trackId),
  };
}

/**
 * The open track each detection box continues (undefined: it opens a new track), exactly as
 * trackFrame will pair them. Boxes only, so the caller can ask before analysing any face.
 */
export function matchTracks(
  state: CameraTrackerState,
  boxes: readonly Box[],
  settings: Pick<TrackerSettings, 'iouThreshold'>,
): (TrackState | undefined)[] {
  const trackOf = assignTracks(state, boxes, settings.iouThreshold);
  return boxes.map((_, index) => {
    const trackIndex = trackOf.get(index);
    return trackIndex === undefined ? undefined : state.tracks[trackIndex];
  });
}

/** Detection index -> index of the track it continues, by IoU with each track's predicted box. */
function assignTracks(
  state: CameraTrackerState,
  boxes: readonly Box[],
  iouThreshold: number,
): Map<number, number> {
  const predicted = state.tracks.map((track) =>
    predictBox(track.box, track.velocity, track.missedFrames + 1),
  );
  const assignments = assignGreedy(predicted, boxes, iouThreshold);
  return new Map(assignments.map((a) => [a.detection, a.track]));
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

interface Decided<F> {
  readonly track: TrackState;
  readonly decision: FaceDecision;
  /** The held face to send now: this hit confirmed the track. */
  readonly released?: HeldFace<F>;
  /** What the track holds after this hit (tentative tracks only). */
  readonly held?: HeldFace<F>;
}

/**
 * The best-face policy. A tentative track only holds its best usable face; the hit that confirms
 * it releases the held face as its first sent face, then the confirming face itself goes through
 * the eager policy: send the first usable face, then only clearly better ones, up to the cap.
 */
function decide<F>(
  track: TrackState,
  detection: TrackerDetection<F>,
  frame: TrackedFrame,
  settings: TrackerSettings,
  heldBefore: HeldFace<F> | undefined,
): Decided<F> {
  let seen: TrackState = {
    ...track,
    facesSeen: track.facesSeen + 1,
    sensitive: track.sensitive || frame.sensitive,
  };
  const { trackId } = track;
  const confirmed = isConfirmed(seen, settings.minHits);
  // A camera that turned sensitive sends nothing more, not even a face held from before.
  const holding = frame.sensitive || confirmed ? undefined : heldBefore;
  let released: HeldFace<F> | undefined;
  if (confirmed && heldBefore && !frame.sensitive && seen.facesSent < settings.maxFacesSent) {
    released = heldBefore;
    seen = {
      ...seen,
      facesSent: seen.facesSent + 1,
      bestSentQuality: Math.max(seen.bestSentQuality, heldBefore.quality),
      sentBoxArea: boxArea(track.box),
    };
  }
  const kept = { released, held: holding };
  if (!frame.sensitive && detection.skipped) {
    const decision = { outcome: 'skipped', trackId, reason: detection.skipped } as const;
    return { track: seen, decision, ...kept };
  }
  if (frame.sensitive || !detection.quality) {
    return { track: seen, decision: { outcome: 'sensitive-camera', trackId }, ...kept };
  }
  const { score, rejections } = detection.quality;
  const assessed: TrackState = {
    ...seen,
    bestQuality: Math.max(seen.bestQuality, score),
    analysedAt: frame.capturedAt,
    analysedBoxArea: boxArea(detection.box),
  };
  if (rejections.length > 0) {
    return {
      track: assessed,
      decision: { outcome: 'below-quality', trackId, reason: rejections[0] },
      ...kept,
    };
  }
  if (!confirmed) {
    if (detection.face !== undefined && (!holding || score > holding.quality)) {
      return {
        track: assessed,
        decision: { outcome: 'held', trackId },
        held: { trackId, quality: score, face: detection.face },
      };
    }
    return { track: assessed, decision: { outcome: 'not-best', trackId }, ...kept };
  }
  const better =
    assessed.facesSent === 0 || score >= assessed.bestSentQuality + settings.sendMargin;
  if (!better || assessed.facesSent >= settings.maxFacesSent) {
    return { track: assessed, decision: { outcome: 'not-best', trackId }, ...kept };
  }
  return {
    track: {
      ...assessed,
      facesSent: assessed.facesSent + 1,
      bestSentQuality: Math.max(assessed.bestSentQuality, score),
      sentBoxArea: boxArea(track.box),
    },
    decision: { outcome: 'sent', trackId },
    ...kept,
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
    case 'held':
      return 'held';
    case 'sensitive-camera':
      return 'sensitive_camera';
    case 'skipped':
      return `skipped_${decision.reason}`;
    default:
      return assertUnreachable(decision);
  }
}
