import type { IngestConfig } from '@sightline/config';
import { createLogger, ServiceMetrics } from '@sightline/observability';
import { PassThrough } from 'node:stream';
import type { Camera } from './camera';
import { CameraSource } from './camera-source';
import { CameraStatusBoard } from './camera-status.board';
import type { SourceExit, SourceProcess } from './ffmpeg-process.factory';
import type { EncodedFrame } from './frame-publisher';
import { IngestMetrics } from './ingest-metrics';
import { syntheticJpeg } from './jpeg.fixture';

class FakeProcess implements SourceProcess {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  killed = false;
  private resolveExit!: (exit: SourceExit) => void;
  readonly exited = new Promise<SourceExit>((resolve) => (this.resolveExit = resolve));

  constructor(readonly args: readonly string[]) {}

  kill(): void {
    this.killed = true;
    this.exit({ code: null, signal: 'SIGKILL' });
  }

  exit(exit: SourceExit): void {
    this.resolveExit(exit);
  }
}

const config: IngestConfig = {
  queueFrames: 3,
  maxDownstreamLag: 50,
  downstreamGroup: 'detect',
  reconnectInitialMs: 500,
  reconnectMaxMs: 2_000,
  maxUploadBytes: 1 << 20,
};

const frame = syntheticJpeg({ width: 64, height: 48 });

function setUp(camera: Partial<Camera>, options: { backpressured?: boolean } = {}) {
  const processes: FakeProcess[] = [];
  const published: EncodedFrame[] = [];
  let release: (() => void) | undefined;
  let blocked = false;
  const board = new CameraStatusBoard();
  const metrics = new IngestMetrics(new ServiceMetrics('ingest-test'));
  const source = new CameraSource(
    {
      id: 'cam-1',
      name: 'Gate',
      zone: 'gate',
      sensitive: false,
      samplingFps: 5,
      sourceUri: 'rtsp://cam/x',
      loop: false,
      realtime: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      ...camera,
    },
    {
      processes: {
        spawn: (args) => {
          const process = new FakeProcess(args);
          processes.push(process);
          return process;
        },
      },
      publisher: {
        publish: async (_camera, encoded) => {
          if (blocked) await new Promise<void>((resolve) => (release = resolve));
          published.push(encoded);
          return `frame-${published.length}`;
        },
      },
      backpressure: { isBackpressured: () => options.backpressured ?? false },
      board,
      metrics,
      clock: { now: () => new Date('2026-01-01T00:00:01.000Z') },
      logger: createLogger({ service: 'test', level: 'silent' }),
      config,
    },
  );
  return {
    source,
    processes,
    published,
    board,
    metrics,
    block: () => (blocked = true),
    unblock: () => {
      blocked = false;
      release?.();
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

async function counter(metrics: IngestMetrics, outcome: string): Promise<number> {
  const values = (await metrics.frames.get()).values;
  return values.find((value) => value.labels['outcome'] === outcome)?.value ?? 0;
}

describe('CameraSource', () => {
  afterEach(() => jest.useRealTimers());

  it('publishes the JPEGs ffmpeg writes, with their size, and reports RUNNING', async () => {
    const { source, processes, published, board } = setUp({});
    source.start();
    expect(board.get('cam-1').state).toBe('starting');
    processes[0].stdout.write(Buffer.concat([frame, frame.subarray(0, 10)]));
    processes[0].stdout.write(frame.subarray(10));
    await settle();
    expect(published.map((f) => [f.width, f.height, f.encoding, f.source])).toEqual([
      [64, 48, 'jpeg', 'rtsp'],
      [64, 48, 'jpeg', 'rtsp'],
    ]);
    expect(board.get('cam-1').state).toBe('running');
    await source.stop();
    expect(processes[0].killed).toBe(true);
  });

  it('reopens a failing live source with doubling, capped backoff and keeps the last stderr line', async () => {
    jest.useFakeTimers();
    const { source, processes, board, metrics } = setUp({});
    source.start();
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const process = processes[attempt];
      process.stderr.write(`noise\nrtsp://cam/x: Connection refused (attempt ${attempt})\n`);
      await jest.advanceTimersByTimeAsync(0);
      process.exit({ code: 1, signal: null });
      await jest.advanceTimersByTimeAsync(0);
      expect(board.get('cam-1')).toMatchObject({
        state: 'reconnecting',
        lastError: `rtsp://cam/x: Connection refused (attempt ${attempt})`,
        reconnectAttempts: attempt + 1,
        consecutiveFailures: attempt + 1,
      });
      const started = processes.length;
      let waited = 0;
      while (processes.length === started) {
        await jest.advanceTimersByTimeAsync(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 2_000]);
    expect((await metrics.reconnects.get()).values[0].value).toBe(4);
    await source.stop();
  });

  it('marks a file that ends cleanly FINISHED and does not reopen it', async () => {
    jest.useFakeTimers();
    const { source, processes, board, published } = setUp({ sourceUri: 'file:///v.mp4' });
    source.start();
    processes[0].stdout.write(frame);
    await jest.advanceTimersByTimeAsync(0);
    processes[0].exit({ code: 0, signal: null });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(board.get('cam-1').state).toBe('finished');
    expect(processes).toHaveLength(1);
    expect(published).toHaveLength(1);
    await source.stop();
  });

  it('gives up on a file after three failures in a row: FAILED with the error', async () => {
    jest.useFakeTimers();
    const { source, processes, board } = setUp({ sourceUri: 'file:///broken.mp4' });
    source.start();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      processes[attempt].stderr.write('/broken.mp4: Invalid data found when processing input\n');
      await jest.advanceTimersByTimeAsync(0);
      processes[attempt].exit({ code: 1, signal: null });
      await jest.advanceTimersByTimeAsync(10_000);
    }
    expect(processes).toHaveLength(3);
    expect(board.get('cam-1')).toMatchObject({
      state: 'failed',
      lastError: '/broken.mp4: Invalid data found when processing input',
      reconnectAttempts: 2,
      consecutiveFailures: 3,
    });
    await source.stop();
  });

  it('reports a spawn failure as the error', async () => {
    jest.useFakeTimers();
    const { source, processes, board } = setUp({});
    source.start();
    processes[0].exit({ code: null, signal: null, spawnError: 'spawn ffmpeg ENOENT' });
    await jest.advanceTimersByTimeAsync(0);
    expect(board.get('cam-1')).toMatchObject({
      state: 'reconnecting',
      lastError: 'spawn ffmpeg ENOENT',
    });
    await source.stop();
  });

  it('drops the oldest frames of a live source when publishing falls behind, never pausing ffmpeg', async () => {
    const { source, processes, published, board, metrics, block, unblock } = setUp({});
    block();
    source.start();
    const frames = [1, 2, 3, 4, 5, 6].map((n) => syntheticJpeg({ width: n, height: 1 }));
    for (const jpeg of frames) processes[0].stdout.write(jpeg);
    await settle();
    expect(processes[0].stdout.isPaused()).toBe(false);
    unblock();
    await settle();
    // Frame 1 was taken by the blocked publisher; 2 and 3 were dropped for 4, 5, 6 (capacity 3).
    expect(published.map((f) => f.width)).toEqual([1, 4, 5, 6]);
    expect(await counter(metrics, 'dropped_queue')).toBe(2);
    expect(board.get('cam-1').framesDropped).toBe(2);
    await source.stop();
  });

  it('pauses a file source instead of dropping when publishing falls behind', async () => {
    const { source, processes, published, metrics, block, unblock } = setUp({
      sourceUri: 'file:///v.mp4',
    });
    block();
    source.start();
    const frames = [1, 2, 3, 4, 5, 6].map((n) => syntheticJpeg({ width: n, height: 1 }));
    processes[0].stdout.write(Buffer.concat(frames));
    await settle();
    expect(processes[0].stdout.isPaused()).toBe(true);
    unblock();
    await settle();
    expect(published.map((f) => f.width)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(processes[0].stdout.isPaused()).toBe(false);
    expect(await counter(metrics, 'dropped_queue')).toBe(0);
    await source.stop();
  });

  it('drops new frames while downstream lags (back-pressure)', async () => {
    const { source, processes, published, metrics } = setUp({}, { backpressured: true });
    source.start();
    processes[0].stdout.write(Buffer.concat([frame, frame]));
    await settle();
    expect(published).toHaveLength(0);
    expect(await counter(metrics, 'dropped_backpressure')).toBe(2);
    await source.stop();
  });
});
