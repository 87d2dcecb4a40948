import { QualityRejection } from '@sightline/vision';
import {
  closeIdleTracks,
  decisionLabel,
  emptyTrackerState,
  isAlreadyTracked,
  trackFrame,
  type FrameTracking,
  type HeldFaces,
  type TrackedFrame,
  type TrackerDetection,
  type TrackerSettings,
} from './track-frame';
import type { CameraTrackerState } from './tracker-state';

const SETTINGS: TrackerSettings = {
  iouThreshold: 0.3,
  maxMissedFrames: 2,
  maxFacesSent: 3,
  analysisIntervalMs: 0,
  sendMargin: 0.05,
  minHits: 3,
  tentativeMaxMissedFrames: 1,
};
/** The tracker as it was before confirmation: every track sends and closes from its first hit. */
const EAGER: TrackerSettings = { ...SETTINGS, minHits: 1 };
const T0 = Date.parse('2026-01-01T10:00:00.000Z');

function frame(n: number, sensitive = false): TrackedFrame {
  return {
    frameId: `f${n}`,
    capturedAt: new Date(T0 + n * 200).toISOString(),
    zone: 'north',
    sensitive,
  };
}

/** The held "face" is a label naming the frame and box it came from. */
type Label = string;

function face(
  x: number,
  y: number,
  quality = 0.6,
  rejections: QualityRejection[] = [],
): TrackerDetection<Label> {
  return {
    box: { x, y, width: 80, height: 80 },
    quality: { score: quality, rejections },
    face: `${x},${y}@${quality}`,
  };
}

/** Feeds frames 0..n-1 (or from `start`) and returns every frame's result. */
function run(
  frames: readonly (readonly TrackerDetection<Label>[])[],
  options: {
    settings?: TrackerSettings;
    state?: CameraTrackerState;
    held?: HeldFaces<Label>;
    start?: number;
    sensitive?: boolean;
  } = {},
): { results: FrameTracking<Label>[]; state: CameraTrackerState; held: HeldFaces<Label> } {
  let state = options.state ?? emptyTrackerState('cam-1', 'north');
  let held = options.held ?? new Map();
  const results: FrameTracking<Label>[] = [];
  for (const [i, detections] of frames.entries()) {
    const result = trackFrame(
      state,
      frame((options.start ?? 0) + i, options.sensitive),
      detections,
      options.settings ?? SETTINGS,
      held,
    );
    results.push(result);
    state = result.state;
    held = result.held;
  }
  return { results, state, held };
}

const trackIds = (results: FrameTracking<Label>[]): string[][] =>
  results.map((r) => r.decisions.map((d) => d.trackId));

const labels = (result: FrameTracking<Label>): string[] => result.decisions.map(decisionLabel);

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

  it('keeps a confirmed track through a gap no longer than maxMissedFrames', () => {
    const { results, state } = run([
      [face(100, 100)],
      [face(101, 100)],
      [face(102, 100)],
      [],
      [],
      [face(104, 100)],
    ]);
    expect(results.flatMap((r) => r.closed)).toEqual([]);
    expect(results.flatMap((r) => r.discarded)).toEqual([]);
    expect(trackIds(results)[5]).toEqual(['f0.0']);
    expect(state.tracks[0]).toMatchObject({ facesSeen: 4, missedFrames: 0 });
  });

  it('closes a confirmed track once it is missed for more than maxMissedFrames frames', () => {
    const { results, state } = run([
      [face(100, 100)],
      [face(101, 100)],
      [face(102, 100)],
      [],
      [],
      [],
      [face(104, 100)],
    ]);
    expect(results.map((r) => r.closed.length)).toEqual([0, 0, 0, 0, 0, 1, 0]);
    expect(results[5].closed[0]).toEqual({
      trackId: 'f0.0',
      firstSeenAt: frame(0).capturedAt,
      lastSeenAt: frame(2).capturedAt,
      closedAt: frame(5).capturedAt,
      facesSeen: 3,
      facesSent: 1,
      bestQuality: 0.6,
      identification: 'attempted',
    });
    // The face that comes back is a new track.
    expect(trackIds(results)[6]).toEqual(['f6.0']);
    expect(state.tracks.map((t) => t.trackId)).toEqual(['f6.0']);
  });

  it('discards a one-frame flicker silently: no face sent, no trackClosed, held face dropped', () => {
    const { results, state, held } = run([[face(100, 100, 0.9)], [], [], [], []]);
    expect(labels(results[0])).toEqual(['held']);
    expect(results[0].held.get('f0.0')).toEqual({
      trackId: 'f0.0',
      quality: 0.9,
      face: '100,100@0.9',
    });
    // Tolerated for one missed frame, discarded on the second.
    expect(results.map((r) => r.discarded)).toEqual([[], [], ['f0.0'], [], []]);
    expect(results[1].held.has('f0.0')).toBe(true);
    expect(results.flatMap((r) => r.closed)).toEqual([]);
    expect(results.flatMap((r) => r.released)).toEqual([]);
    expect(results.flatMap((r) => r.decisions.map(decisionLabel))).not.toContain('sent');
    expect(state.tracks).toEqual([]);
    expect(held.size).toBe(0);
  });

  it('keeps a tentative track through one missed frame and confirms it on its third hit', () => {
    const { results } = run([[face(100, 100)], [], [face(102, 100)], [face(103, 100)]]);
    expect(results.flatMap((r) => r.discarded)).toEqual([]);
    expect(trackIds(results)).toEqual([['f0.0'], [], ['f0.0'], ['f0.0']]);
    expect(results[3].released.map((h) => h.trackId)).toEqual(['f0.0']);
  });

  it('on the confirming hit releases the best held face, then applies the eager policy', () => {
    const { results, state, held } = run([
      [face(100, 100, 0.55)],
      [face(101, 100, 0.7)],
      [face(102, 100, 0.65)],
      [face(103, 100, 0.8)],
    ]);
    expect(results.map(labels)).toEqual([['held'], ['held'], ['not_best'], ['sent']]);
    // Nothing leaves while tentative; the 0.7 face (frame 1) beats the first held one.
    expect(results.slice(0, 2).flatMap((r) => r.released)).toEqual([]);
    expect(results[1].held.get('f0.0')?.face).toBe('101,100@0.7');
    expect(results[2].released).toEqual([{ trackId: 'f0.0', quality: 0.7, face: '101,100@0.7' }]);
    // Confirmed: nothing is held any more, and the release counted as the first sent face.
    expect(results[2].held.size).toBe(0);
    expect(results[2].state.tracks[0]).toMatchObject({ facesSent: 1, bestSentQuality: 0.7 });
    expect(results[3].released).toEqual([]);
    expect(state.tracks[0]).toMatchObject({ facesSeen: 4, facesSent: 2, bestSentQuality: 0.8 });
    expect(held.size).toBe(0);
  });

  it('sends the confirming face too when it beats the held one by the margin', () => {
    const { results } = run([[face(100, 100, 0.5)], [face(101, 100, 0.52)], [face(102, 100, 0.9)]]);
    expect(results.map(labels)).toEqual([['held'], ['held'], ['sent']]);
    expect(results[2].released.map((h) => h.face)).toEqual(['101,100@0.52']);
    expect(results[2].state.tracks[0]).toMatchObject({ facesSent: 2, bestSentQuality: 0.9 });
  });

  it('never releases the held face of a discarded tentative track', () => {
    const { results, held } = run([
      [face(100, 100, 0.9)],
      [face(102, 100, 0.95)],
      [],
      [],
      // The same place again: a new track, which must not inherit the dropped face.
      [face(104, 100, 0.6)],
      [face(105, 100, 0.6)],
      [face(106, 100, 0.6)],
    ]);
    expect(results[3].discarded).toEqual(['f0.0']);
    expect(results[3].held.size).toBe(0);
    expect(trackIds(results)[6]).toEqual(['f4.0']);
    expect(results.flatMap((r) => r.released)).toEqual([
      { trackId: 'f4.0', quality: 0.6, face: '104,100@0.6' },
    ]);
    expect(held.size).toBe(0);
  });

  it('with minHits 1 sends eagerly from the first hit, as before confirmation existed', () => {
    const { results } = run([[face(100, 100)], [], [], []], { settings: EAGER });
    expect(labels(results[0])).toEqual(['sent']);
    expect(results[3].closed).toEqual([expect.objectContaining({ identification: 'attempted' })]);
    expect(results.flatMap((r) => r.discarded)).toEqual([]);
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
      'held',
      'not_best', // confirms the track: the held 0.5 goes out, and 0.53 does not beat it by 0.05
      'sent',
      'below_quality_extreme_pose',
      'sent',
      'not_best', // better by the margin, but the cap of 3 is reached
    ]);
    expect(results[2].released.map((h) => h.quality)).toEqual([0.5]);
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
    const { results } = run(
      [[noQuality(100)], [noQuality(104)], [noQuality(106)], [], [], [], [noQuality(300)]],
      { sensitive: true },
    );
    expect(results.flatMap((r) => r.decisions.map(decisionLabel))).toEqual(
      Array.from({ length: 4 }, () => 'sensitive_camera'),
    );
    expect(results.flatMap((r) => r.released)).toEqual([]);
    expect(results[5].closed).toEqual([
      expect.objectContaining({
        trackId: 'f0.0',
        facesSeen: 3,
        facesSent: 0,
        bestQuality: 0,
        identification: 'sensitive-camera',
      }),
    ]);
    // The same confirmation rule: a one-frame detection is discarded, not closed.
    const flicker = run([[noQuality(100)], [], []], { sensitive: true });
    expect(flicker.results.flatMap((r) => r.closed)).toEqual([]);
    expect(flicker.results[2].discarded).toEqual(['f0.0']);
  });

  it('drops a held face when the camera turns sensitive before the track is confirmed', () => {
    const first = run([[face(100, 100)], [face(101, 100)]]);
    const noQuality: TrackerDetection<Label> = { box: { x: 102, y: 100, width: 80, height: 80 } };
    const after = run([[noQuality]], {
      state: first.state,
      held: first.held,
      start: 2,
      sensitive: true,
    });
    expect(first.held.size).toBe(1);
    expect(after.results[0].released).toEqual([]);
    expect(after.held.size).toBe(0);
  });

  it('records when and at what size a track was last analysed, and not for skipped faces', () => {
    const skipped: TrackerDetection<Label> = {
      box: { x: 102, y: 100, width: 90, height: 90 },
      skipped: 'recently_analysed',
    };
    const { results } = run([[face(100, 100, 0.6, [QualityRejection.BLURRY])], [skipped]]);
    const [first, second] = results.map((result) => result.state.tracks[0]);
    expect([first.analysedAt, first.analysedBoxArea]).toEqual([frame(0).capturedAt, 80 * 80]);
    expect([second.analysedAt, second.analysedBoxArea]).toEqual([frame(0).capturedAt, 80 * 80]);
  });

  it('closes a track whose faces were all below the bar as no-usable-face', () => {
    const blurry = [QualityRejection.BLURRY];
    const { results } = run([
      [face(100, 100, 0.2, blurry)],
      [face(101, 100, 0.2, blurry)],
      [face(102, 100, 0.2, blurry)],
      [],
      [],
      [],
    ]);
    expect(results.flatMap((r) => r.released)).toEqual([]);
    expect(results[5].closed[0]).toMatchObject({
      facesSeen: 3,
      facesSent: 0,
      bestQuality: 0.2,
      identification: 'no-usable-face',
    });
  });

  it('closes every confirmed track of an idle camera at its last sighting, discards tentative ones', () => {
    const { state } = run([
      [face(100, 100), face(400, 100)],
      [face(101, 100), face(401, 100)],
      [face(102, 100), face(402, 100)],
      [face(103, 100), face(700, 100)],
    ]);
    const { state: after, closed, discarded } = closeIdleTracks(state, SETTINGS);
    expect(after.tracks).toEqual([]);
    expect(after.lastFrameId).toBe('f3');
    expect(closed.map((c) => [c.trackId, c.lastSeenAt, c.closedAt])).toEqual([
      ['f0.0', frame(3).capturedAt, frame(3).capturedAt],
      ['f0.1', frame(2).capturedAt, frame(2).capturedAt],
    ]);
    expect(discarded).toEqual(['f3.1']);
  });

  it('treats a track restored from a pre-confirmation checkpoint that already sent a face as confirmed', () => {
    // Written by the eager tracker: one hit, one face sent downstream.
    const legacy = run([[face(100, 100)]], { settings: EAGER });
    expect(legacy.state.tracks[0]).toMatchObject({ facesSeen: 1, facesSent: 1 });
    const restored = JSON.parse(JSON.stringify(legacy.state)) as CameraTrackerState;
    const { results } = run([[], [], []], { state: restored, start: 1 });
    expect(results.flatMap((r) => r.discarded)).toEqual([]);
    expect(results[2].closed).toEqual([
      expect.objectContaining({ trackId: 'f0.0', identification: 'attempted', facesSent: 1 }),
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

  it('keeps held faces out of the checkpointed state; a restored tentative track sends its next usable face', () => {
    const first = run([[face(100, 100, 0.9)], [face(101, 100, 0.7)]]);
    expect(first.held.get('f0.0')?.face).toBe('100,100@0.9');
    const stored = JSON.stringify(first.state);
    expect(stored).not.toContain('100,100@0.9');
    expect(stored).not.toContain('held');

    // The same process continues with its held face; a restarted one has lost it.
    const continued = run([[face(102, 100, 0.6)]], {
      state: first.state,
      held: first.held,
      start: 2,
    });
    const restored = run([[face(102, 100, 0.6)]], {
      state: JSON.parse(stored) as CameraTrackerState,
      start: 2,
    });
    expect(continued.results[0].released.map((h) => h.face)).toEqual(['100,100@0.9']);
    expect(labels(continued.results[0])).toEqual(['not_best']);
    expect(restored.results[0].released).toEqual([]);
    expect(labels(restored.results[0])).toEqual(['sent']);
    // Same track, same id, either way.
    expect(trackIds(restored.results)).toEqual(trackIds(continued.results));
    expect(restored.state.tracks[0]).toMatchObject({ trackId: 'f0.0', facesSeen: 3, facesSent: 1 });
  });
});
