import { QualityRejection, type Box } from '@sightline/vision';
import { analysisSkipReason, isTooSmallToPass } from './face-analysis-gate';
import {
  emptyTrackerState,
  matchTracks,
  trackFrame,
  type FrameTracking,
  type HeldFaces,
  type TrackerDetection,
  type TrackerSettings,
} from './track-frame';
import type { CameraTrackerState, TrackState } from './tracker-state';

const SETTINGS: TrackerSettings = {
  iouThreshold: 0.3,
  maxMissedFrames: 2,
  maxFacesSent: 3,
  sendMargin: 0.05,
  minHits: 3,
  tentativeMaxMissedFrames: 1,
};

const square = (side: number): Box => ({ x: 10, y: 10, width: side, height: side });

function track(overrides: Partial<TrackState>): TrackState {
  return {
    trackId: 't',
    box: square(80),
    velocity: { dx: 0, dy: 0 },
    missedFrames: 0,
    facesSeen: 5,
    facesSent: 3,
    bestQuality: 0.8,
    bestSentQuality: 0.8,
    firstSeenAt: '2026-01-01T10:00:00.000Z',
    lastSeenAt: '2026-01-01T10:00:01.000Z',
    sensitive: false,
    sentBoxArea: 80 * 80,
    ...overrides,
  };
}

describe('isTooSmallToPass', () => {
  it('holds below minEyeDistance / 0.7 on the longer side of the box, and only there', () => {
    expect(isTooSmallToPass(square(28))).toBe(true);
    expect(isTooSmallToPass(square(29))).toBe(false);
    expect(isTooSmallToPass({ x: 0, y: 0, width: 10, height: 29 })).toBe(false);
    expect(isTooSmallToPass(square(28), 10)).toBe(false);
  });
});

describe('analysisSkipReason', () => {
  it('skips a face whose box is too small to pass, on a new track or a known one', () => {
    expect(analysisSkipReason(undefined, square(24), SETTINGS)).toBe('too_small');
    expect(analysisSkipReason(track({ facesSent: 0 }), square(24), SETTINGS)).toBe('too_small');
  });

  it('skips a face of a track that sent its maximum, at the size of its last sent face', () => {
    expect(analysisSkipReason(track({}), square(80), SETTINGS)).toBe('max_faces_sent');
    expect(analysisSkipReason(track({}), square(90), SETTINGS)).toBe('max_faces_sent');
  });

  it('analyses a face whose box grew clearly: it may raise the track’s best quality', () => {
    expect(analysisSkipReason(track({}), square(100), SETTINGS)).toBeUndefined();
  });

  it('analyses a new track, a track below its maximum, and a track restored without the area', () => {
    expect(analysisSkipReason(undefined, square(80), SETTINGS)).toBeUndefined();
    expect(analysisSkipReason(track({ facesSent: 2 }), square(80), SETTINGS)).toBeUndefined();
    expect(
      analysisSkipReason(track({ sentBoxArea: undefined }), square(80), SETTINGS),
    ).toBeUndefined();
  });
});

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type Scene = TrackerDetection<string>[][];

/** People walking slowly across, growing as they approach, with random quality; some flicker. */
function scene(seed: number, frames: number): Scene {
  const random = lcg(seed);
  // The fifth starts far away, too small to pass (eye distance about 0.4 of the box).
  const people = Array.from({ length: 5 }, (_, p) => ({
    x: 50 + p * 250,
    y: 100 + p * 40,
    size: p === 4 ? 20 : 40 + random() * 30,
    enters: Math.floor(random() * 10),
    leaves: 20 + Math.floor(random() * 30),
  }));
  return Array.from({ length: frames }, (_, n) =>
    people
      .filter((person) => n >= person.enters && n < person.leaves && random() > 0.1)
      .map((person): TrackerDetection<string> => {
        person.x += 3;
        person.size *= 1 + random() * 0.03;
        const score = random();
        return {
          box: { x: person.x, y: person.y, width: person.size, height: person.size },
          quality: {
            score,
            rejections: [
              ...(person.size * 0.4 < 20 ? [QualityRejection.TOO_SMALL] : []),
              ...(score < 0.2 ? [QualityRejection.BLURRY] : []),
            ],
          },
          face: `${n}:${person.x}`,
        };
      }),
  );
}

/** Runs the scene through trackFrame, with each detection first passed through `gate`. */
function run(
  frames: Scene,
  gate: (state: CameraTrackerState, detections: TrackerDetection<string>[]) => Scene[number],
): FrameTracking<string>[] {
  let state = emptyTrackerState('cam', 'north');
  let held: HeldFaces<string> = new Map();
  return frames.map((detections, n) => {
    const result = trackFrame(
      state,
      {
        frameId: `f${n}`,
        capturedAt: new Date(n * 100).toISOString(),
        zone: 'north',
        sensitive: false,
      },
      gate(state, detections),
      SETTINGS,
      held,
    );
    state = result.state;
    held = result.held;
    return result;
  });
}

describe('analysisSkipReason with the tracker', () => {
  it.each([1, 2, 3, 4, 5])('changes no sent face, release or closure (scene %i)', (seed) => {
    const frames = scene(seed, 60);
    const full = run(frames, (_, detections) => detections);
    const gated = run(frames, (state, detections) => {
      const tracks = matchTracks(
        state,
        detections.map((d) => d.box),
        SETTINGS,
      );
      return detections.map((detection, i) => {
        const skipped = analysisSkipReason(tracks[i], detection.box, SETTINGS);
        return skipped ? { box: detection.box, skipped } : detection;
      });
    });
    const skipped = { too_small: 0, max_faces_sent: 0 };
    for (const [n, result] of gated.entries()) {
      expect(result.released).toEqual(full[n].released);
      expect(result.held).toEqual(full[n].held);
      expect(result.discarded).toEqual(full[n].discarded);
      for (const [i, decision] of result.decisions.entries()) {
        if (decision.outcome !== 'skipped') {
          expect(decision).toEqual(full[n].decisions[i]);
          continue;
        }
        skipped[decision.reason] += 1;
        expect(['not-best', 'below-quality']).toContain(full[n].decisions[i].outcome);
      }
      expect(result.closed.map(({ bestQuality: _, ...rest }) => rest)).toEqual(
        full[n].closed.map(({ bestQuality: _, ...rest }) => rest),
      );
    }
    // Not vacuous: every scene has people who send three faces and stay in view, and one who
    // starts too small.
    expect(skipped.max_faces_sent).toBeGreaterThan(0);
    expect(skipped.too_small).toBeGreaterThan(0);
  });
});
