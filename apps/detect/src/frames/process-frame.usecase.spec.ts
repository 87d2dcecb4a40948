import { DomainError, ErrorCode, type EventEnvelope } from '@sightline/contracts';
import { QualityRejection } from '@sightline/vision';
import {
  detectProcess,
  frameEvent,
  InMemoryCheckpoints,
  ManualClock,
  RecordingPublisher,
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

async function metric(metrics: {
  faces: { get(): Promise<{ values: { labels: object; value: number }[] }> };
}) {
  return Object.fromEntries(
    (await metrics.faces.get()).values.map((v) => [
      (v.labels as { outcome: string }).outcome,
      v.value,
    ]),
  );
}

describe('ProcessFrameUseCase', () => {
  it('publishes a track’s best faces then its trackClosed, checkpointing after each frame', async () => {
    const { processFrame, shared, log, metrics } = setup();
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
    for (const frame of frames)
      await expect(processFrame.execute(frame)).resolves.toBe('processed');

    expect(summary(shared.publisher.published)).toEqual([
      'face F0001.0 of F0001.0',
      'face F0003.0 of F0001.0',
      'closed F0001.0 attempted',
      'closed F0003.1 no-usable-face',
    ]);
    const [first] = shared.publisher.published;
    expect(first).toMatchObject({
      source: 'detect',
      cameraId: 'cam-a',
      correlationId: frames[0].correlationId,
      payload: {
        frameId: 'F0001',
        frameSequence: 1,
        zone: 'north',
        capturedAt: frames[0].payload.capturedAt,
        box: { x: 100, y: 100, width: 80, height: 80 },
        quality: 0.5,
        detectorScore: 0.9,
        alignedChip: 'Y2hpcA==',
      },
    });
    expect((first.payload as { landmarks: unknown[] }).landmarks).toHaveLength(6);
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
      'publish:1',
      'checkpoint:F0001:1',
      'checkpoint:F0002:1',
      'publish:1',
      'checkpoint:F0003:2',
      'checkpoint:F0004:2',
      'checkpoint:F0005:2',
      'publish:2',
      'checkpoint:F0006:0',
    ]);
    expect(await metric(metrics)).toEqual({ sent: 2, not_best: 1, below_quality_blurry: 1 });
  });

  it('skips a redelivered frame, also after a restart that resumes from the checkpoint', async () => {
    const { processFrame, shared } = setup();
    const f1 = frameEvent('cam-b', 1, [{ x: 100, y: 100 }]);
    const f2 = frameEvent('cam-b', 2, [{ x: 104, y: 100 }]);
    await processFrame.execute(f1);
    await processFrame.execute(f2);
    await expect(processFrame.execute(f2)).resolves.toBe('redelivered');
    expect(shared.publisher.published).toHaveLength(1);

    // A new process with the same checkpoint store: Kafka redelivers f2, then f3..f6 arrive.
    const restarted = detectProcess(shared);
    await expect(restarted.processFrame.execute(f2)).resolves.toBe('redelivered');
    await expect(restarted.processFrame.execute(f1)).resolves.toBe('redelivered');
    expect(restarted.vision.calls).toEqual([]);
    await restarted.processFrame.execute(frameEvent('cam-b', 3, [{ x: 108, y: 100 }]));
    for (const n of [4, 5, 6]) await restarted.processFrame.execute(frameEvent('cam-b', n, []));
    expect(summary(shared.publisher.published)).toEqual([
      'face F0001.0 of F0001.0',
      'closed F0001.0 attempted',
    ]);
    expect(shared.publisher.published[1].payload).toMatchObject({ facesSeen: 3, facesSent: 1 });
    const frames = await restarted.metrics.frames.get();
    expect(frames.values.map((v) => [v.labels.outcome, v.value])).toEqual([
      ['redelivered', 2],
      ['processed', 4],
    ]);
  });

  it('rejects a frame that does not decode with INVALID_ARGUMENT and leaves the tracker as it was', async () => {
    const { processFrame, shared, trackers } = setup();
    await processFrame.execute(frameEvent('cam-c', 1, [{ x: 100, y: 100 }]));
    const before = shared.checkpoints.get('cam-c');
    const inMemory = trackers.stateOf('cam-c')?.state;

    const failure = processFrame.execute(frameEvent('cam-c', 2, 'corrupt'));
    await expect(failure).rejects.toBeInstanceOf(DomainError);
    await expect(failure).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      message: expect.stringContaining('frame F0002 of camera cam-c does not decode as jpeg'),
    });
    expect(shared.checkpoints.get('cam-c')).toEqual(before);
    expect(trackers.stateOf('cam-c')?.state).toBe(inMemory);

    // The corrupt frame counted as neither a sighting nor a miss.
    await processFrame.execute(frameEvent('cam-c', 3, [{ x: 104, y: 100 }]));
    expect(shared.checkpoints.get('cam-c')?.tracks).toEqual([
      expect.objectContaining({ trackId: 'F0001.0', facesSeen: 2, missedFrames: 0 }),
    ]);
  });

  it('keeps the previous state when publishing fails, so the retry re-emits the same ids', async () => {
    const { processFrame, shared } = setup();
    shared.publisher.failures = 1;
    const f1 = frameEvent('cam-d', 1, [{ x: 100, y: 100 }]);
    await expect(processFrame.execute(f1)).rejects.toThrow('broker unavailable');
    expect(shared.checkpoints.get('cam-d')).toBeUndefined();
    await expect(processFrame.execute(f1)).resolves.toBe('processed');
    expect(summary(shared.publisher.published)).toEqual(['face F0001.0 of F0001.0']);
  });

  it('on a sensitive camera runs detection only and emits only trackClosed', async () => {
    const { processFrame, shared, vision, metrics } = setup();
    const faces = [
      { x: 100, y: 100 },
      { x: 400, y: 100 },
    ];
    await processFrame.execute(frameEvent('cam-e', 1, faces, { sensitive: true }));
    await processFrame.execute(frameEvent('cam-e', 2, faces, { sensitive: true }));
    for (const n of [3, 4, 5])
      await processFrame.execute(frameEvent('cam-e', n, [], { sensitive: true }));
    expect(new Set(vision.calls)).toEqual(new Set(['decode', 'detect']));
    expect(summary(shared.publisher.published)).toEqual([
      'closed F0001.0 sensitive-camera',
      'closed F0001.1 sensitive-camera',
    ]);
    expect(shared.publisher.published[0].payload).toMatchObject({ facesSeen: 2, facesSent: 0 });
    expect(JSON.stringify(shared.publisher.published)).not.toContain('alignedChip');
    expect(await metric(metrics)).toEqual({ sensitive_camera: 4 });
  });
});

describe('CloseIdleTracksUseCase', () => {
  it('closes the tracks of a camera whose frames stopped, at their last sighting', async () => {
    const { processFrame, closeIdle, shared } = setup();
    const f1 = frameEvent('cam-f', 1, [{ x: 100, y: 100 }]);
    await processFrame.execute(f1);
    await processFrame.execute(frameEvent('cam-g', 1, []));

    shared.clock.ms += 3_000;
    await expect(closeIdle.execute()).resolves.toBe(0);
    shared.clock.ms += 1;
    await expect(closeIdle.execute()).resolves.toBe(1);
    expect(summary(shared.publisher.published)).toEqual([
      'face F0001.0 of F0001.0',
      'closed F0001.0 attempted',
    ]);
    expect(shared.publisher.published[1].payload).toMatchObject({
      closedAt: f1.payload.capturedAt,
      lastSeenAt: f1.payload.capturedAt,
    });
    expect(shared.checkpoints.get('cam-f')).toMatchObject({ tracks: [], lastFrameId: 'F0001' });
    await expect(closeIdle.execute()).resolves.toBe(0);

    // The camera comes back: a new track, and the redelivery guard still holds.
    await expect(processFrame.execute(f1)).resolves.toBe('redelivered');
    await processFrame.execute(frameEvent('cam-f', 2, [{ x: 100, y: 100 }]));
    expect(shared.checkpoints.get('cam-f')?.tracks.map((t) => t.trackId)).toEqual(['F0002.0']);
  });

  it('waits for a frame in progress on the camera before deciding it is idle', async () => {
    const { processFrame, closeIdle, shared } = setup();
    await processFrame.execute(frameEvent('cam-h', 1, [{ x: 100, y: 100 }]));
    shared.clock.ms += 5_000;
    // The frame is queued first; the sweep behind it finds the camera active again.
    const frame = processFrame.execute(frameEvent('cam-h', 2, [{ x: 104, y: 100 }]));
    const sweep = closeIdle.execute();
    await frame;
    await expect(sweep).resolves.toBe(0);
    expect(summary(shared.publisher.published)).toEqual(['face F0001.0 of F0001.0']);
  });

  it('adopts checkpoints left with open tracks by a previous process and closes them when idle', async () => {
    const first = setup();
    await first.processFrame.execute(frameEvent('cam-i', 1, [{ x: 100, y: 100 }]));
    const restarted = detectProcess(first.shared);
    await expect(restarted.closeIdle.adoptCheckpoints()).resolves.toBe(1);
    expect(restarted.trackers.openTracks()).toBe(1);
    first.shared.clock.ms += 3_001;
    await expect(restarted.closeIdle.execute()).resolves.toBe(1);
    expect(summary(first.shared.publisher.published)).toEqual([
      'face F0001.0 of F0001.0',
      'closed F0001.0 attempted',
    ]);
    expect(first.shared.checkpoints.get('cam-i')?.tracks).toEqual([]);
  });
});
