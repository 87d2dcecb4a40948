import { loadConfig } from '@sightline/config';
import { QualityRejection, type Box } from '@sightline/vision';
import { trackerSettings } from './detect-tuning';
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
  analysisIntervalMs: 100,
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
    analysedAt: '2026-01-01T10:00:01.000Z',
    analysedBoxArea: 80 * 80,
    ...overrides,
  };
}

/** 1 s after the test track's last analysed face: past SETTINGS.analysisIntervalMs. */
const AT = '2026-01-01T10:00:02.000Z';
const msAfterAnalysis = (ms: number) =>
  new Date(Date.parse('2026-01-01T10:00:01.000Z') + ms).toISOString();

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
    expect(analysisSkipReason(undefined, square(24), AT, SETTINGS)).toBe('too_small');
    expect(analysisSkipReason(track({ facesSent: 0 }), square(24), AT, SETTINGS)).toBe('too_small');
  });

  it('skips a face of a track that sent its maximum, at the size of its last sent face', () => {
    expect(analysisSkipReason(track({}), square(80), AT, SETTINGS)).toBe('max_faces_sent');
    expect(analysisSkipReason(track({}), square(90), AT, SETTINGS)).toBe('max_faces_sent');
  });

  it('analyses a face whose box grew clearly: it may raise the track’s best quality', () => {
    expect(analysisSkipReason(track({}), square(100), AT, SETTINGS)).toBeUndefined();
  });

  it('samples a confirmed track: skips a face seen within the interval at about the same size', () => {
    const below = track({ facesSent: 1 });
    expect(analysisSkipReason(below, square(80), msAfterAnalysis(40), SETTINGS)).toBe(
      'recently_analysed',
    );
    expect(analysisSkipReason(below, square(80), msAfterAnalysis(99), SETTINGS)).toBe(
      'recently_analysed',
    );
    expect(analysisSkipReason(below, square(80), msAfterAnalysis(100), SETTINGS)).toBeUndefined();
    // Clearly closer to the camera, or a frame stamped before the analysed one: analysed.
    expect(analysisSkipReason(below, square(100), msAfterAnalysis(40), SETTINGS)).toBeUndefined();
    expect(analysisSkipReason(below, square(80), msAfterAnalysis(-40), SETTINGS)).toBeUndefined();
  });

  it('by default analyses every frame of a 10 fps camera despite capture jitter, every other at 25', () => {
    const config = loadConfig({ SERVICE_NAME: 'detect' }, { AUTH_JWT_SECRET: 'x'.repeat(32) });
    const defaults = { ...trackerSettings(config.tracking), maxFacesSent: 3 };
    const confirmed = track({ facesSent: 1 });
    // Capture times are ingest's wall clock: frames of a 10 fps camera come 80-120 ms apart.
    for (const ms of [80, 90, 100, 120]) {
      expect(
        analysisSkipReason(confirmed, square(80), msAfterAnalysis(ms), defaults),
      ).toBeUndefined();
    }
    expect(analysisSkipReason(confirmed, square(80), msAfterAnalysis(40), defaults)).toBe(
      'recently_analysed',
    );
  });

  it('never samples a tentative track, nor any track when the interval is 0', () => {
    const tentative = track({ facesSeen: 2, facesSent: 0 });
    expect(
      analysisSkipReason(tentative, square(80), msAfterAnalysis(40), SETTINGS),
    ).toBeUndefined();
    const everyFrame = { ...SETTINGS, analysisIntervalMs: 0 };
    expect(
      analysisSkipReason(track({ facesSent: 1 }), square(80), msAfterAnalysis(0), everyFrame),
    ).toBeUndefined();
  });

  it('analyses a new track, a track below its maximum, and a track restored without the area', () => {
    expect(analysisSkipReason(undefined, square(80), AT, SETTINGS)).toBeUndefined();
    expect(analysisSkipReason(track({ facesSent: 2 }), square(80), AT, SETTINGS)).toBeUndefined();
    expect(
      analysisSkipReason(track({ facesSent: 2, analysedAt: undefined }), square(80), AT, SETTINGS),
    ).toBeUndefined();
    expect(
      analysisSkipReason(track({ sentBoxArea: undefined }), square(80), AT, SETTINGS),
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
  gate: (
    state: CameraTrackerState,
    detections: TrackerDetection<string>[],
    capturedAt: string,
  ) => Scene[number],
  frameMs = 100,
): FrameTracking<string>[] {
  let state = emptyTrackerState('cam', 'north');
  let held: HeldFaces<string> = new Map();
  return frames.map((detections, n) => {
    const capturedAt = new Date(n * frameMs).toISOString();
    const result = trackFrame(
      state,
      { frameId: `f${n}`, capturedAt, zone: 'north', sensitive: false },
      gate(state, detections, capturedAt),
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
    // 10 fps: one frame per analysis interval, so the sampling never skips a face.
    const gated = run(frames, gate);
    const skipped = { too_small: 0, max_faces_sent: 0, recently_analysed: 0 };
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
    expect(skipped.recently_analysed).toBe(0);
  });

  it.each([1, 2, 3, 4, 5])(
    'at 25 fps samples confirmed tracks only, one analysis per interval (scene %i)',
    (seed) => {
      const frames = scene(seed, 150);
      const full = run(frames, (_, detections) => detections, 40);
      const gated = run(frames, gate, 40);
      const analysed = (results: FrameTracking<string>[]) =>
        results.flatMap((result) =>
          result.decisions.filter((decision) => decision.outcome !== 'skipped'),
        ).length;
      let sampled = 0;
      const lastAnalysis = new Map<string, { at: number; area: number }>();
      const hits = new Map<string, number>();
      for (const [n, result] of gated.entries()) {
        // Tentative tracks are analysed as before: the same faces held, released, discarded.
        expect(result.released).toEqual(full[n].released);
        expect(result.held).toEqual(full[n].held);
        expect(result.discarded).toEqual(full[n].discarded);
        expect(result.closed.map((track) => [track.trackId, track.facesSeen])).toEqual(
          full[n].closed.map((track) => [track.trackId, track.facesSeen]),
        );
        for (const [i, decision] of result.decisions.entries()) {
          const seenBefore = hits.get(decision.trackId) ?? 0;
          hits.set(decision.trackId, seenBefore + 1);
          if (decision.outcome === 'skipped' && decision.reason === 'recently_analysed') {
            sampled += 1;
            continue;
          }
          if (decision.outcome === 'skipped') continue;
          const box = frames[n][i].box;
          const last = lastAnalysis.get(decision.trackId);
          const confirmed = seenBefore >= SETTINGS.minHits;
          if (confirmed && last && n * 40 - last.at < SETTINGS.analysisIntervalMs) {
            expect(box.width * box.height).toBeGreaterThan(last.area * 1.44);
          }
          lastAnalysis.set(decision.trackId, { at: n * 40, area: box.width * box.height });
        }
      }
      expect(sampled).toBeGreaterThan(0);
      expect(analysed(gated)).toBeLessThan(analysed(full) * 0.7);
    },
  );
});

/** What detect does: each detection through analysisSkipReason before the tracker sees it. */
function gate(
  state: CameraTrackerState,
  detections: TrackerDetection<string>[],
  capturedAt: string,
): Scene[number] {
  const tracks = matchTracks(
    state,
    detections.map((d) => d.box),
    SETTINGS,
  );
  return detections.map((detection, i) => {
    const skipped = analysisSkipReason(tracks[i], detection.box, capturedAt, SETTINGS);
    return skipped ? { box: detection.box, skipped } : detection;
  });
}
