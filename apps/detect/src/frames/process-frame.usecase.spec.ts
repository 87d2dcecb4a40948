import { DomainError, ErrorCode, type EventEnvelope } from '@sightline/contracts';
import { QualityRejection } from '@sightline/vision';
import {
  detectProcess,
  frameEvent,
  InMemoryCheckpoints,
  ManualClock,
  RecordingPublisher,
  type ScriptedFace,
} from './detect-fakes.fixture';

function setup() {
  const log: string[] = [];
  const shared = {
    checkpoints: new InMemoryCheckpoints(log),
    publisher: new RecordingPublisher(log),
    clock: new ManualClock(),
  };
  return { log, shared, ...detectProcess(shared) };
}

const summary = (events: readonly EventEnvelope[]) =>
  events.map((event) => {
    const payload = event.payload as { trackId: string; faceId?: string; identification?: string };
    return event.type === 'sightline.face.detected'
      ? `face ${payload.faceId} of ${payload.trackId}`
      : `closed ${payload.trackId} ${payload.identification}`;
  });

interface LabelledCounter {
  get(): Promise<{ values: { labels: object; value: number }[] }>;
}

async function counts(counter: LabelledCounter, label: string): Promise<Record<string, number>> {
  return Object.fromEntries(
    (await counter.get()).values.map((v) => [(v.labels as Record<string, string>)[label], v.value]),
  );
}

/** One face standing still for `frames` frames from `from` on: a person, confirmed on the third. */
function still(face: ScriptedFace, from: number, frames: number): ScriptedFace[][] {
  return Array.from({ length: frames }, (_, i) => [{ ...face, x: face.x + ((from + i) % 2) }]);
}

describe('ProcessFrameUseCase', () => {
  it('holds a tentative track’s best face, publishes it on the third hit, then closes the track', async () => {
    const { processFrame, shared, log, metrics, vision } = setup();
    const frames = [
      frameEvent('cam-a', 1, [{ x: 100, y: 100, quality: 0.5 }]),
      frameEvent('cam-a', 2, [{ x: 104, y: 100, quality: 0.52 }]),
      frameEvent('cam-a', 3, [
        { x: 108, y: 100, quality: 0.8 },
        { x: 400, y: 100, quality: 0.3, rejections: [QualityRejection.BLURRY] },
      ]),
      frameEvent('cam-a', 4, []),
      frameEvent('cam-a', 5, []),
      frameEvent('cam-a', 6, []),
    ];
    for (const frame of frames.slice(0, 2))
      await expect(processFrame.execute(frame)).resolves.toBe('processed');
    // Tentative: nothing published and no chip encoded yet.
    expect(shared.publisher.published).toEqual([]);
    expect(vision.calls).not.toContain('encodeChip');
    for (const frame of frames.slice(2))
      await expect(processFrame.execute(frame)).resolves.toBe('processed');

    // The held face of frame 2 (0.52 beat 0.5) goes first, then frame 3's (0.8 beats it by the
    // margin); the blurry one-frame detection is discarded without a trackClosed.
    expect(summary(shared.publisher.published)).toEqual([
      'face F0002.0 of F0001.0',
      'face F0003.0 of F0001.0',
      'closed F0001.0 attempted',
    ]);
    const [held] = shared.publisher.published;
    // The held face carries the frame it was seen in, not the frame that confirmed its track.
    expect(held).toMatchObject({
      source: 'detect',
      cameraId: 'cam-a',
      correlationId: frames[1].correlationId,
      occurredAt: frames[1].payload.capturedAt,
      payload: {
        trackId: 'F0001.0',
        faceId: 'F0002.0',
        frameId: 'F0002',
        frameSequence: 2,
        zone: 'north',
        capturedAt: frames[1].payload.capturedAt,
        box: { x: 104, y: 100, width: 80, height: 80 },
        quality: 0.52,
        detectorScore: 0.9,
        alignedChip: 'Y2hpcA==',
      },
    });
    expect((held.payload as { landmarks: { x: number }[] }).landmarks[0]).toEqual({
      x: 129,
      y: 130,
    });
    expect(shared.publisher.published[1]).toMatchObject({
      correlationId: frames[2].correlationId,
      payload: { faceId: 'F0003.0', frameId: 'F0003', quality: 0.8 },
    });
    expect(shared.publisher.published[2].payload).toEqual({
      cameraId: 'cam-a',
      zone: 'north',
      trackId: 'F0001.0',
      firstSeenAt: frames[0].payload.capturedAt,
      lastSeenAt: frames[2].payload.capturedAt,
      closedAt: frames[5].payload.capturedAt,
      facesSeen: 3,
      facesSent: 2,
      bestQuality: 0.8,
      identification: 'attempted',
    });
    // Every frame: events first, then the checkpoint (a frame without events publishes nothing).
    expect(log).toEqual([
      'checkpoint:F0001:1',
      'checkpoint:F0002:1',
      'publish:2',
      'checkpoint:F0003:2',
      'checkpoint:F0004:2',
      'checkpoint:F0005:1',
      'publish:1',
      'checkpoint:F0006:0',
    ]);
    expect(await counts(metrics.faces, 'outcome')).toEqual({
      held: 2,
      sent: 1,
      below_quality_blurry: 1,
    });
    expect(await counts(metrics.tracksDiscarded, 'reason')).toEqual({ missed: 1 });
    expect(await counts(metrics.tracksClosed, 'identification')).toEqual({ attempted: 1 });
  });

  it('discards a one-frame flicker: no faceDetected, no trackClosed, its chip never encoded', async () => {
    const { processFrame, shared, vision, metrics, trackers } = setup();
    await processFrame.execute(frameEvent('cam-j', 1, [{ x: 100, y: 100, quality: 0.95 }]));
    expect(trackers.heldOf('cam-j').size).toBe(1);
    for (const n of [2, 3, 4, 5, 6]) await processFrame.execute(frameEvent('cam-j', n, []));
    expect(shared.publisher.published).toEqual([]);
    expect(vision.calls).not.toContain('encodeChip');
    expect(trackers.heldOf('cam-j').size).toBe(0);
    expect(shared.checkpoints.get('cam-j')?.tracks).toEqual([]);
    expect(await counts(metrics.tracksDiscarded, 'reason')).toEqual({ missed: 1 });
    expect(await counts(metrics.tracksClosed, 'identification')).toEqual({});
  });

  it('never writes a held face into the checkpoint', async () => {
    const { processFrame, shared, trackers } = setup();
    await processFrame.execute(frameEvent('cam-k', 1, [{ x: 100, y: 100, quality: 0.9 }]));
    await processFrame.execute(frameEvent('cam-k', 2, [{ x: 102, y: 100, quality: 0.7 }]));
    const held = trackers.heldOf('cam-k').get('F0001.0');
    expect(held?.face).toMatchObject({ quality: 0.9, detectionIndex: 0 });
    expect(held?.face.chip).toBeDefined();
    const stored = shared.checkpoints.rows.get('cam-k') ?? '';
    expect(JSON.parse(stored)).toMatchObject({
      tracks: [{ trackId: 'F0001.0', facesSeen: 2, facesSent: 0 }],
    });
    for (const biometric of ['chip', 'landmarks', 'held', 'origin', 'rightEye'])
      expect(stored).not.toContain(biometric);
  });

  it('skips a redelivered frame; after a restart a tentative track has lost its held face', async () => {
    const { processFrame, shared } = setup();
    const f1 = frameEvent('cam-b', 1, [{ x: 100, y: 100, quality: 0.9 }]);
    const f2 = frameEvent('cam-b', 2, [{ x: 104, y: 100 }]);
    await processFrame.execute(f1);
    await processFrame.execute(f2);
    await expect(processFrame.execute(f2)).resolves.toBe('redelivered');
    expect(shared.publisher.published).toEqual([]);

    // A new process with the same checkpoint store: Kafka redelivers f2, then f3..f6 arrive.
    const restarted = detectProcess(shared);
    await expect(restarted.processFrame.execute(f2)).resolves.toBe('redelivered');
    await expect(restarted.processFrame.execute(f1)).resolves.toBe('redelivered');
    expect(restarted.vision.calls).toEqual([]);
    await restarted.processFrame.execute(frameEvent('cam-b', 3, [{ x: 108, y: 100 }]));
    for (const n of [4, 5, 6]) await restarted.processFrame.execute(frameEvent('cam-b', n, []));
    // Same track id as without the restart; the 0.9 face of f1 died with the first process, so
    // the confirming face is the one sent.
    expect(summary(shared.publisher.published)).toEqual([
      'face F0003.0 of F0001.0',
      'closed F0001.0 attempted',
    ]);
    expect(shared.publisher.published[1].payload).toMatchObject({ facesSeen: 3, facesSent: 1 });
    const frames = await restarted.metrics.frames.get();
    expect(frames.values.map((v) => [v.labels.outcome, v.value])).toEqual([
      ['redelivered', 2],
      ['processed', 4],
    ]);
  });

  it('continues a confirmed track restored from a checkpoint exactly as before', async () => {
    const frames = [
      ...still({ x: 100, y: 100, quality: 0.6 }, 1, 4),
      [{ x: 101, y: 100, quality: 0.8 }],
      [],
      [],
      [],
    ].map((faces, i) => frameEvent('cam-l', i + 1, faces));
    const straight = setup();
    for (const frame of frames) await straight.processFrame.execute(frame);

    const crashed = setup();
    for (const frame of frames.slice(0, 4)) await crashed.processFrame.execute(frame);
    const restarted = detectProcess(crashed.shared);
    for (const frame of frames.slice(4)) await restarted.processFrame.execute(frame);

    const payloads = (events: readonly EventEnvelope[]) =>
      events.map(({ type, payload }) => ({ type, payload }));
    expect(summary(straight.shared.publisher.published)).toEqual([
      'face F0001.0 of F0001.0',
      'face F0005.0 of F0001.0',
      'closed F0001.0 attempted',
    ]);
    expect(payloads(crashed.shared.publisher.published)).toEqual(
      payloads(straight.shared.publisher.published),
    );
  });

  it('skips a frame older than the age limit without touching the tracker or publishing', async () => {
    const { processFrame, shared } = setup();
    shared.clock.ms = Date.parse(frameEvent('cam-old', 1, []).payload.capturedAt) + 61_000;
    await expect(
      processFrame.execute(frameEvent('cam-old', 1, [{ x: 100, y: 100 }])),
    ).resolves.toBe('stale');
    expect(shared.publisher.published).toEqual([]);
    expect(shared.checkpoints.get('cam-old')).toBeUndefined();
    shared.clock.ms -= 2_000;
    await expect(
      processFrame.execute(frameEvent('cam-old', 1, [{ x: 100, y: 100 }])),
    ).resolves.toBe('processed');
  });

  it('rejects a frame that does not decode with INVALID_ARGUMENT and leaves the tracker as it was', async () => {
    const { processFrame, shared, trackers } = setup();
    await processFrame.execute(frameEvent('cam-c', 1, [{ x: 100, y: 100 }]));
    const before = shared.checkpoints.get('cam-c');
    const inMemory = trackers.stateOf('cam-c')?.state;
    const held = trackers.heldOf('cam-c');

    const failure = processFrame.execute(frameEvent('cam-c', 2, 'corrupt'));
    await expect(failure).rejects.toBeInstanceOf(DomainError);
    await expect(failure).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      message: expect.stringContaining('frame F0002 of camera cam-c does not decode as jpeg'),
    });
    expect(shared.checkpoints.get('cam-c')).toEqual(before);
    expect(trackers.stateOf('cam-c')?.state).toBe(inMemory);
    expect(trackers.heldOf('cam-c')).toBe(held);

    // The corrupt frame counted as neither a sighting nor a miss.
    await processFrame.execute(frameEvent('cam-c', 3, [{ x: 104, y: 100 }]));
    expect(shared.checkpoints.get('cam-c')?.tracks).toEqual([
      expect.objectContaining({ trackId: 'F0001.0', facesSeen: 2, missedFrames: 0 }),
    ]);
  });

  it('takes over decode and detect prepared ahead, with the same events as without', async () => {
    const frames = [
      ...still({ x: 100, y: 100, quality: 0.6 }, 1, 4),
      [{ x: 103, y: 100, quality: 0.9 }],
      [],
      [],
      [],
    ].map((faces, i) => frameEvent('cam-p', i + 1, faces));
    const plain = setup();
    for (const frame of frames) await plain.processFrame.execute(frame);

    const ahead = setup();
    const decodes = (calls: string[]) => calls.filter((call) => call === 'decode').length;
    // As the lookahead does: each frame is prepared while the one before it is handled.
    for (const [i, frame] of frames.entries()) {
      const handled = ahead.processFrame.execute(frame);
      const next = frames[i + 1];
      if (next) {
        const before = decodes(ahead.vision.calls);
        void ahead.processFrame.prepare(next);
        expect(decodes(ahead.vision.calls)).toBe(before + 1);
      }
      await handled;
    }
    expect(summary(ahead.shared.publisher.published)).toEqual(
      summary(plain.shared.publisher.published),
    );
    expect(ahead.shared.publisher.published.map((event) => event.payload)).toEqual(
      plain.shared.publisher.published.map((event) => event.payload),
    );
    expect(ahead.shared.checkpoints.get('cam-p')).toEqual(plain.shared.checkpoints.get('cam-p'));
    // Each frame decoded once: prepared or in its turn, never both.
    expect(decodes(ahead.vision.calls)).toBe(frames.length);
    expect(decodes(plain.vision.calls)).toBe(frames.length);
  });

  it('prepares nothing for a frame its turn will not analyse: stale or already applied', async () => {
    const { processFrame, shared, vision } = setup();
    await processFrame.execute(frameEvent('cam-q', 1, [{ x: 100, y: 100 }]));
    const decodes = vision.calls.length;
    await processFrame.prepare(frameEvent('cam-q', 1, [{ x: 100, y: 100 }]));
    shared.clock.ms = Date.parse(frameEvent('cam-q', 2, []).payload.capturedAt) + 61_000;
    await processFrame.prepare(frameEvent('cam-q', 2, [{ x: 100, y: 100 }]));
    expect(vision.calls).toHaveLength(decodes);
  });

  it('rejects a corrupt frame prepared ahead in its turn, counted once', async () => {
    const { processFrame, metrics } = setup();
    const corrupt = frameEvent('cam-r', 1, 'corrupt');
    // The failed preparation settles quietly and waits for its turn, without an unhandled rejection.
    await expect(processFrame.prepare(corrupt)).resolves.toBeUndefined();
    await expect(processFrame.execute(corrupt)).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
    });
    expect(await counts(metrics.frames, 'outcome')).toEqual({ rejected: 1 });
  });

  it('keeps the previous state and held faces when publishing fails, so the retry re-emits the same ids', async () => {
    const { processFrame, shared } = setup();
    const frames = still({ x: 100, y: 100 }, 1, 3).map((faces, i) =>
      frameEvent('cam-d', i + 1, faces),
    );
    await processFrame.execute(frames[0]);
    await processFrame.execute(frames[1]);
    shared.publisher.failures = 1;
    await expect(processFrame.execute(frames[2])).rejects.toThrow('broker unavailable');
    expect(shared.checkpoints.get('cam-d')?.lastFrameId).toBe('F0002');
    await expect(processFrame.execute(frames[2])).resolves.toBe('processed');
    expect(summary(shared.publisher.published)).toEqual(['face F0001.0 of F0001.0']);
  });

  it('stops analysing the faces of a track that sent its three until its box grows clearly', async () => {
    const { processFrame, shared, vision, metrics } = setup();
    const at = (quality: number, size = 80): ScriptedFace[] => [{ x: 100, y: 100, quality, size }];
    const frames = [at(0.5), at(0.6), at(0.7), at(0.8), at(0.95), at(0.9, 100), [], [], []];
    for (const [i, faces] of frames.entries())
      await expect(processFrame.execute(frameEvent('cam-s', i + 1, faces))).resolves.toBe(
        'processed',
      );
    // Frame 5 (same size, after the third face was sent) got no landmarks, chip or quality;
    // frame 6 (a quarter wider) was analysed again, though a capped track sends nothing more.
    expect(vision.calls.filter((call) => call === 'landmarks')).toHaveLength(5);
    expect(vision.calls.filter((call) => call === 'quality')).toHaveLength(5);
    expect(summary(shared.publisher.published)).toEqual([
      'face F0002.0 of F0001.0',
      'face F0003.0 of F0001.0',
      'face F0004.0 of F0001.0',
      'closed F0001.0 attempted',
    ]);
    expect(shared.publisher.published[3].payload).toMatchObject({
      facesSeen: 6,
      facesSent: 3,
      bestQuality: 0.9,
    });
    expect(await counts(metrics.faces, 'outcome')).toEqual({
      held: 2,
      sent: 2,
      skipped_max_faces_sent: 1,
      not_best: 1,
    });
  });

  it('on a sensitive camera runs detection only and emits only trackClosed, for confirmed tracks', async () => {
    const { processFrame, shared, vision, metrics } = setup();
    const faces = [
      { x: 100, y: 100 },
      { x: 400, y: 100 },
    ];
    for (const n of [1, 2, 3])
      await processFrame.execute(
        frameEvent('cam-e', n, n === 3 ? faces.slice(0, 1) : faces, { sensitive: true }),
      );
    for (const n of [4, 5, 6])
      await processFrame.execute(frameEvent('cam-e', n, [], { sensitive: true }));
    expect(new Set(vision.calls)).toEqual(new Set(['decode', 'detect']));
    // F0001.1 was seen twice only: discarded like any unconfirmed track.
    expect(summary(shared.publisher.published)).toEqual(['closed F0001.0 sensitive-camera']);
    expect(shared.publisher.published[0].payload).toMatchObject({ facesSeen: 3, facesSent: 0 });
    expect(JSON.stringify(shared.publisher.published)).not.toContain('alignedChip');
    expect(await counts(metrics.faces, 'outcome')).toEqual({ sensitive_camera: 5 });
    expect(await counts(metrics.tracksDiscarded, 'reason')).toEqual({ missed: 1 });
  });
});

describe('CloseIdleTracksUseCase', () => {
  it('closes the confirmed tracks of a camera whose frames stopped, at their last sighting', async () => {
    const { processFrame, closeIdle, shared, metrics, trackers } = setup();
    const frames = [
      [{ x: 100, y: 100 }],
      [{ x: 101, y: 100 }],
      [
        { x: 100, y: 100 },
        { x: 400, y: 100 },
      ],
    ].map((faces, i) => frameEvent('cam-f', i + 1, faces));
    for (const frame of frames) await processFrame.execute(frame);
    await processFrame.execute(frameEvent('cam-g', 1, []));
    expect(trackers.heldOf('cam-f').size).toBe(1);

    shared.clock.ms += 3_000;
    await expect(closeIdle.execute()).resolves.toBe(0);
    shared.clock.ms += 1;
    // The confirmed track closes; the tentative one (F0003.1, one hit) is discarded with its face.
    await expect(closeIdle.execute()).resolves.toBe(1);
    expect(summary(shared.publisher.published)).toEqual([
      'face F0001.0 of F0001.0',
      'closed F0001.0 attempted',
    ]);
    expect(shared.publisher.published[1].payload).toMatchObject({
      closedAt: frames[2].payload.capturedAt,
      lastSeenAt: frames[2].payload.capturedAt,
    });
    expect(shared.checkpoints.get('cam-f')).toMatchObject({ tracks: [], lastFrameId: 'F0003' });
    expect(trackers.heldOf('cam-f').size).toBe(0);
    expect(await counts(metrics.tracksDiscarded, 'reason')).toEqual({ idle: 1 });
    await expect(closeIdle.execute()).resolves.toBe(0);

    // The camera comes back: a new track, and the redelivery guard still holds.
    await expect(processFrame.execute(frames[0])).resolves.toBe('redelivered');
    await processFrame.execute(frameEvent('cam-f', 4, [{ x: 100, y: 100 }]));
    expect(shared.checkpoints.get('cam-f')?.tracks.map((t) => t.trackId)).toEqual(['F0004.0']);
  });

  it('discards an idle camera’s tentative tracks without publishing anything', async () => {
    const { processFrame, closeIdle, shared, vision, metrics } = setup();
    await processFrame.execute(frameEvent('cam-m', 1, [{ x: 100, y: 100, quality: 0.9 }]));
    shared.clock.ms += 3_001;
    await expect(closeIdle.execute()).resolves.toBe(0);
    expect(shared.publisher.published).toEqual([]);
    expect(vision.calls).not.toContain('encodeChip');
    expect(shared.checkpoints.get('cam-m')?.tracks).toEqual([]);
    expect(await counts(metrics.tracksDiscarded, 'reason')).toEqual({ idle: 1 });
  });

  it('waits for a frame in progress on the camera before deciding it is idle', async () => {
    const { processFrame, closeIdle, shared } = setup();
    await processFrame.execute(frameEvent('cam-h', 1, [{ x: 100, y: 100 }]));
    await processFrame.execute(frameEvent('cam-h', 2, [{ x: 102, y: 100 }]));
    shared.clock.ms += 5_000;
    // The frame is queued first; the sweep behind it finds the camera active again.
    const frame = processFrame.execute(frameEvent('cam-h', 3, [{ x: 104, y: 100 }]));
    const sweep = closeIdle.execute();
    await frame;
    await expect(sweep).resolves.toBe(0);
    expect(summary(shared.publisher.published)).toEqual(['face F0001.0 of F0001.0']);
  });

  it('adopts checkpoints left with open tracks by a previous process and ends them when idle', async () => {
    const first = setup();
    for (const [i, faces] of still({ x: 100, y: 100 }, 1, 3).entries())
      await first.processFrame.execute(frameEvent('cam-i', i + 1, faces));
    await first.processFrame.execute(frameEvent('cam-n', 1, [{ x: 100, y: 100 }]));
    const restarted = detectProcess(first.shared);
    await expect(restarted.closeIdle.adoptCheckpoints()).resolves.toBe(2);
    expect(restarted.trackers.openTracks()).toBe(2);
    first.shared.clock.ms += 3_001;
    await expect(restarted.closeIdle.execute()).resolves.toBe(1);
    expect(summary(first.shared.publisher.published)).toEqual([
      'face F0001.0 of F0001.0',
      'closed F0001.0 attempted',
    ]);
    expect(first.shared.checkpoints.get('cam-i')?.tracks).toEqual([]);
    expect(first.shared.checkpoints.get('cam-n')?.tracks).toEqual([]);
    expect(await counts(restarted.metrics.tracksDiscarded, 'reason')).toEqual({ idle: 1 });
  });
});
