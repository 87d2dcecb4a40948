import { createLogger, ServiceMetrics } from '@sightline/observability';
import type { SightlineConfig } from '@sightline/config';
import { DomainError, ErrorCode } from '@sightline/contracts';
import type { Principal } from '@sightline/governance';
import type { Camera } from './camera';
import { CameraStatusBoard } from './camera-status.board';
import type { EncodedFrame } from './frame-publisher';
import { IngestFrameUseCase } from './ingest-frame.usecase';
import { IngestMetrics } from './ingest-metrics';
import { PushFramesSession } from './push-frames.usecase';

const camera: Camera = {
  id: 'cam-1',
  name: 'Gate',
  zone: 'gate',
  sensitive: true,
  samplingFps: 5,
  loop: false,
  realtime: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const GOOD = Buffer.from('good');
const now = new Date('2026-03-01T10:00:00.000Z');

function setUp(options: { backpressured?: boolean } = {}) {
  const published: EncodedFrame[] = [];
  const lookups: string[] = [];
  const board = new CameraStatusBoard();
  const metrics = new IngestMetrics(new ServiceMetrics('ingest-test'));
  const ingest = new IngestFrameUseCase(
    {
      findById: async (id) => {
        lookups.push(id);
        return id === camera.id ? camera : null;
      },
    },
    {
      validate: async (image) => {
        if (!image.equals(GOOD)) {
          throw new DomainError(ErrorCode.InvalidArgument, 'the JPEG cannot be decoded', {
            reason: 'corrupt',
          });
        }
        return { encoding: 'jpeg', width: 4, height: 3 };
      },
    },
    { isBackpressured: () => options.backpressured ?? false },
    {
      publish: async (_camera, frame) => {
        published.push(frame);
        return `f${published.length}`;
      },
    },
    board,
    metrics,
    { now: () => now },
    { ingest: { maxUploadBytes: 1_000 } } as SightlineConfig,
    createLogger({ service: 'test', level: 'silent' }),
  );
  return { ingest, published, lookups, board, metrics };
}

// A partner whose scope covers the cameras these cases push to (known and unknown alike).
const PUSHER: Principal = { subject: 'acme', role: 'partner', cameraIds: ['cam-1', 'ghost'] };

describe('IngestFrameUseCase and PushFramesSession', () => {
  it('publishes a valid frame with its size and the arrival time when none is given', async () => {
    const { ingest, published } = setUp();
    await expect(ingest.execute(camera, { image: GOOD, source: 'upload' })).resolves.toEqual({
      outcome: 'published',
      frameId: 'f1',
    });
    expect(published[0]).toMatchObject({ width: 4, height: 3, capturedAt: now, source: 'upload' });
  });

  it('rejects an invalid frame, counts it with its reason and publishes nothing', async () => {
    const { ingest, published, board, metrics } = setUp();
    await expect(
      ingest.execute(camera, { image: Buffer.from('bad'), source: 'upload' }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    expect(published).toEqual([]);
    expect(board.get('cam-1').framesRejected).toBe(1);
    expect((await metrics.rejections.get()).values[0]).toMatchObject({
      value: 1,
      labels: { source: 'upload', reason: 'corrupt' },
    });
  });

  it('drops a valid frame under back-pressure', async () => {
    const { ingest, published, board } = setUp({ backpressured: true });
    await expect(ingest.execute(camera, { image: GOOD, source: 'grpc' })).resolves.toEqual({
      outcome: 'dropped_backpressure',
    });
    expect(published).toEqual([]);
    expect(board.get('cam-1').framesDropped).toBe(1);
  });

  it('counts a stream of good and bad frames, looking each camera up once', async () => {
    const { ingest, lookups, published } = setUp();
    const session = new PushFramesSession(ingest, PUSHER);
    const capturedAt = new Date('2026-03-01T09:59:59.000Z');
    await session.push({ cameraId: 'cam-1', image: GOOD, capturedAt });
    await session.push({ cameraId: 'cam-1', image: Buffer.from('x') });
    await session.push({ cameraId: 'cam-1', image: GOOD });
    expect(session.result()).toEqual({
      accepted: 2,
      rejected: 1,
      dropped: 0,
      rejections: [{ index: 1, cameraId: 'cam-1', reason: 'the JPEG cannot be decoded' }],
    });
    expect(lookups).toEqual(['cam-1']);
    expect(published[0].capturedAt).toEqual(capturedAt);
    expect(published[0].source).toBe('grpc');
  });

  it('fails the stream with NOT_FOUND for an unknown camera', async () => {
    const { ingest } = setUp();
    const session = new PushFramesSession(ingest, PUSHER);
    await expect(session.push({ cameraId: 'ghost', image: GOOD })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: 'camera "ghost" is not registered',
    });
  });

  it("rejects a partner's frames of another partner's camera, one by one, and keeps its own", async () => {
    const { ingest, lookups, published } = setUp();
    const partner: Principal = { subject: 'acme', role: 'partner', cameraIds: ['cam-1'] };
    const session = new PushFramesSession(ingest, partner);
    await session.push({ cameraId: 'cam-other', image: GOOD });
    await session.push({ cameraId: 'cam-1', image: GOOD });
    expect(session.result()).toEqual({
      accepted: 1,
      rejected: 1,
      dropped: 0,
      rejections: [
        {
          index: 0,
          cameraId: 'cam-other',
          reason: 'partner acme may ingest.push only for its own cameras',
        },
      ],
    });
    // The foreign camera was never looked up, so the answer does not reveal whether it exists.
    expect(lookups).toEqual(['cam-1']);
    expect(published).toHaveLength(1);
  });

  it('rejects every frame of a role that may not push', async () => {
    const { ingest, published } = setUp();
    const session = new PushFramesSession(ingest, { subject: 'rev-1', role: 'reviewer' });
    await session.push({ cameraId: 'cam-1', image: GOOD });
    expect(session.result()).toMatchObject({ accepted: 0, rejected: 1 });
    expect(published).toEqual([]);
  });
});
