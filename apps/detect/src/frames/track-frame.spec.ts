import { QualityRejection } from '@sightline/vision';
import {
  closeIdleTracks,
  decisionLabel,
  emptyTrackerState,
  isAlreadyTracked,
  trackFrame,
  type FrameTracking,
  type TrackedFrame,
  type TrackerDetection,
  type TrackerSettings,
} from './track-frame';
import type { CameraTrackerState } from './tracker-state';

const SETTINGS: TrackerSettings = {
  iouThreshold: 0.3,
  maxMissedFrames: 2,
  maxFacesSent: 3,
  sendMargin: 0.05,
};
const T0 = Date.parse('2026-01-01T10:00:00.000Z');

function frame(n: number, sensitive = false): TrackedFrame {
  return {
    frameId: `f${n}`,
    capturedAt: new Date(T0 + n * 200).toISOString(),
    zone: 'north',
    sensitive,
  };
}

function face(
  x: number,
  y: number,
  quality = 0.6,
  rejections: QualityRejection[] = [],
): TrackerDetection {
  return { box: { x, y, width: 80, height: 80 }, quality: { score: quality, rejections } };
}

/** Feeds frames 0..n-1 (or from `start`) and returns every frame's result. */
function run(
  frames: readonly (readonly TrackerDetection[])[],
  options: {
    settings?: TrackerSettings;
    state?: CameraTrackerState;
    start?: number;
    sensitive?: boolean;
  } = {},
): { results: FrameTracking[]; state: CameraTrackerState } {
  let state = options.state ?? emptyTrackerState('cam-1', 'north');
  const results: FrameTracking[] = [];
  for (const [i, detections] of frames.entries()) {
    const result = trackFrame(
      state,
      frame((options.start ?? 0) + i, options.sensitive),
      detections,
      options.settings ?? SETTINGS,
    );
    results.push(result);
    state = result.state;
  }
  return { results, state };
}

const trackIds = (results: FrameTracking[]): string[][] =>
  results.map((r) => r.decisions.map((d) => d.trackId));

describe('trackFrame', () => {
  it('follows one person moving across frames as one track with a deterministic id', () => {
    const frames = Array.from({ length: 8 }, (_, i) => [face(100 + i * 15, 200 + i * 5)]);
    const { results, state } = run(frames);
    expect(new Set(trackIds(results).flat())).toEqual(new Set(['f0.0']));
    expect(results.every((r) => r.closed.length === 0)).toBe(true);
    expect(state.tracks).toHaveLength(1);
    expect(state.tracks[0]).toMatchObject({ trackId: 'f0.0', facesSeen: 8, missedFrames: 0 });
    expect(state.lastFrameId).toBe('f7');
    // The same input gives the same decisions and ids: what a crash-replay relies on.
    expect(run(frames).results).toEqual(results);
  });

  it('keeps two people apart as two tracks, each opened by its detection index', () => {
    const frames = Array.from({ length: 5 }, (_, i) => [
      face(50 + i * 10, 100),
      face(500 - i * 10, 120),
    ]);
    const { results, state } = run(frames);
    expect(trackIds(results)).toEqual(Array.from({ length: 5 }, () => ['f0.0', 'f0.1']));
    expect(state.tracks.map((t) => t.facesSeen)).toEqual([5, 5]);
  });

  it('opens a track mid-stream with the id of the frame and detection that opened it', () => {
    const { results } = run([[face(50, 100)], [face(52, 100), face(400, 100)]]);
    expect(trackIds(results)).toEqual([['f0.0'], ['f0.0', 'f1.1']]);
  });

  it('keeps a track through a gap no longer than maxMissedFrames', () => {
    const { results, state } = run([[face(100, 100)], [], [], [face(104, 100)]]);
    expect(results.flatMap((r) => r.closed)).toEqual([]);
    expect(trackIds(results)[3]).toEqual(['f0.0']);
    expect(state.tracks[0]).toMatchObject({ facesSeen: 2, missedFrames: 0 });
  });

  it('closes a track once it is missed for more than maxMissedFrames frames', () => {
    const { results, state } = run([
      [face(100, 100)],
      [face(102, 100)],
      [],
      [],
      [],
      [face(104, 100)],
    ]);
    expect(results.map((r) => r.closed.length)).toEqual([0, 0, 0, 0, 1, 0]);
    expect(results[4].closed[0]).toEqual({
      trackId: 'f0.0',
      firstSeenAt: frame(0).capturedAt,
      lastSeenAt: frame(1).capturedAt,
      closedAt: frame(4).capturedAt,
      facesSeen: 2,
      facesSent: 1,
      bestQuality: 0.6,
      identification: 'attempted',
    });
    // The face that comes back is a new track.
    expect(trackIds(results)[5]).toEqual(['f5.0']);
    expect(state.tracks.map((t) => t.trackId)).toEqual(['f5.0']);
  });

  it('follows a face that speeds up to more than half its width per frame, by predicting its motion', () => {
    // After a first 30 px step the face moves 60 px per frame: consecutive 80 px boxes then
    // overlap with IoU 0.14, below the threshold, so plain IoU would open a new track each frame.
    const xs = [20, 50, 110, 170, 230, 290];
    const { results } = run(xs.map((x) => [face(x, 200)]));
    expect(new Set(trackIds(results).flat())).toEqual(new Set(['f0.0']));
    // Control: the same 60 px step with no motion history to predict from breaks the track.
    const unpredicted = run([[face(20, 200)], [face(80, 200)]]);
    expect(trackIds(unpredicted.results)).toEqual([['f0.0'], ['f1.0']]);
  });

  it('keeps identities of two people whose paths cross', () => {
    // A walks right, B walks left, slightly lower; they overlap around frame 5.
    const frames = Array.from({ length: 11 }, (_, i) => {
      const a = face(100 + i * 40, 100);
      const b = face(500 - i * 40, 130);
      // Detections come in left-to-right order, so after the crossing B is listed first.
      return a.box.x <= b.box.x ? [a, b] : [b, a];
    });
    const { results } = run(frames);
    const trackOfA = results.map((r, i) => {
      const index = frames[i].findIndex((d) => d.box.y === 100);
      return r.decisions[index].trackId;
    });
    const trackOfB = results.map((r, i) => {
      const index = frames[i].findIndex((d) => d.box.y === 130);
      return r.decisions[index].trackId;
    });
    expect(new Set(trackOfA)).toEqual(new Set(['f0.0']));
    expect(new Set(trackOfB)).toEqual(new Set(['f0.1']));
  });

  it('sends the first usable face, then only faces better by the margin, up to the cap', () => {
    const qualities: [number, QualityRejection[]][] = [
      [0.4, [QualityRejection.BLURRY, QualityRejection.TOO_SMALL]],
      [0.5, []],
      [0.53, []],
      [0.56, []],
      [0.95, [QualityRejection.EXTREME_POSE]],
      [0.7, []],
      [0.9, []],
    ];
    const { results, state } = run(qualities.map(([q, r], i) => [face(100 + i, 100, q, r)]));
    expect(results.map((r) => decisionLabel(r.decisions[0]))).toEqual([
      'below_quality_blurry',
      'sent',
      'not_best',
      'sent',
      'below_quality_extreme_pose',
      'sent',
      'not_best', // better by the margin, but the cap of 3 is reached
    ]);
    expect(state.tracks[0]).toMatchObject({
      facesSeen: 7,
      facesSent: 3,
      bestSentQuality: 0.7,
      bestQuality: 0.95,
    });
  });

  it('on a sensitive camera counts faces but sends none and closes as sensitive-camera', () => {
    const noQuality = (x: number): TrackerDetection => ({
      box: { x, y: 100, width: 80, height: 80 },
    });
    const { results } = run([[noQuality(100)], [noQuality(104)], [], [], []], {
      sensitive: true,
    });
    expect(results.flatMap((r) => r.decisions.map(decisionLabel))).toEqual([
      'sensitive_camera',
      'sensitive_camera',
    ]);
    expect(results[4].closed).toEqual([
      expect.objectContaining({
        trackId: 'f0.0',
        facesSeen: 2,
        facesSent: 0,
        bestQuality: 0,
        identification: 'sensitive-camera',
      }),
    ]);
  });

  it('closes a track whose faces were all below the bar as no-usable-face', () => {
    const blurry = [QualityRejection.BLURRY];
    const { results } = run([[face(100, 100, 0.2, blurry)], [], [], []]);
    expect(results[3].closed[0]).toMatchObject({
      facesSent: 0,
      bestQuality: 0.2,
      identification: 'no-usable-face',
    });
  });

  it('closes every open track of an idle camera at its last sighting', () => {
    const { state } = run([[face(100, 100), face(400, 100)], [face(102, 100)]]);
    const { state: after, closed } = closeIdleTracks(state);
    expect(after.tracks).toEqual([]);
    expect(after.lastFrameId).toBe('f1');
    expect(closed.map((c) => [c.trackId, c.lastSeenAt, c.closedAt])).toEqual([
      ['f0.0', frame(1).capturedAt, frame(1).capturedAt],
      ['f0.1', frame(0).capturedAt, frame(0).capturedAt],
    ]);
  });

  it('recognises a frame it already applied, by id or by capture time', () => {
    const { state } = run([[face(100, 100)], [face(102, 100)]]);
    expect(isAlreadyTracked(state, frame(1))).toBe(true);
    expect(isAlreadyTracked(state, frame(0))).toBe(true);
    expect(isAlreadyTracked(state, { ...frame(2), frameId: 'f1' })).toBe(true);
    expect(isAlreadyTracked(state, frame(2))).toBe(false);
    expect(isAlreadyTracked(emptyTrackerState('cam-1', 'north'), frame(0))).toBe(false);
  });

  it('continues identically from a checkpoint round trip (JSON, as stored)', () => {
    const frames = Array.from({ length: 14 }, (_, i) =>
      i >= 6 && i <= 8
        ? []
        : [face(100 + i * 30, 100, 0.5 + i * 0.03), face(600 - i * 10, 300, 0.9 - i * 0.02)],
    );
    const first = run(frames.slice(0, 5));
    const restored = JSON.parse(JSON.stringify(first.state)) as CameraTrackerState;
    const continued = run(frames.slice(5), { state: first.state, start: 5 });
    const resumed = run(frames.slice(5), { state: restored, start: 5 });
    expect(resumed.results).toEqual(continued.results);
    expect(resumed.results.flatMap((r) => r.closed).length).toBeGreaterThan(0);
  });
});
