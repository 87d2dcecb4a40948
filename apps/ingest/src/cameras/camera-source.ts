import type { IngestConfig } from '@sightline/config';
import type { Logger } from '@sightline/observability';
import type { Clock } from '@sightline/service-kit';
import { sourceKindOf, type Camera, type SourceKind } from './camera';
import { BoundedFrameQueue } from './bounded-frame-queue';
import type { CameraStatusBoard } from './camera-status.board';
import { buildFfmpegArgs } from './ffmpeg-args';
import type { FfmpegProcessFactory, SourceExit, SourceProcess } from './ffmpeg-process.factory';
import type { EncodedFrame, FramePublisher } from './frame-publisher';
import { jpegDimensions } from './image-header';
import type { IngestMetrics } from './ingest-metrics';
import { JpegStreamSplitter } from './jpeg-stream-splitter';
import { MAX_FILE_SOURCE_ATTEMPTS, reconnectDelayMs } from './reconnect-backoff';

/** What a camera source needs; the supervisor passes its injected collaborators. */
export interface CameraSourceDeps {
  readonly processes: Pick<FfmpegProcessFactory, 'spawn'>;
  readonly publisher: Pick<FramePublisher, 'publish'>;
  readonly backpressure: { isBackpressured(cameraId: string): boolean };
  readonly board: CameraStatusBoard;
  readonly metrics: IngestMetrics;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
  readonly config: IngestConfig;
}

const WARN_EVERY_MS = 10_000;

/**
 * One camera's ffmpeg source: starts ffmpeg, cuts its stdout into JPEGs, queues them (bounded,
 * drop-oldest) and publishes them one at a time. A live source is always read, never paused, so
 * ffmpeg never stalls on a full pipe and the freshest frames win; a file source is paused while
 * the queue is full instead, since a file can wait. A failing source is reopened with capped
 * exponential backoff; a file that keeps failing becomes FAILED, one that ends becomes FINISHED.
 */
export class CameraSource {
  private readonly kind: SourceKind;
  private readonly queue: BoundedFrameQueue<EncodedFrame>;
  private process: SourceProcess | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> = Promise.resolve();
  private stopped = false;
  private running = false;
  private consecutiveFailures = 0;
  private lastDropWarnAt = 0;
  private lastPublishWarnAt = 0;

  constructor(
    readonly camera: Camera,
    private readonly deps: CameraSourceDeps,
  ) {
    const kind = sourceKindOf(camera.sourceUri);
    if (!kind) throw new Error(`camera ${camera.id} has no source to run`);
    this.kind = kind;
    this.queue = new BoundedFrameQueue(deps.config.queueFrames);
  }

  start(): void {
    this.deps.board.setState(this.camera.id, 'starting', '');
    this.deps.metrics.cameraUp.set({ camera: this.camera.id }, 0);
    this.publishing = this.publishLoop();
    this.open();
  }

  /** Stops ffmpeg and the publisher; frames still queued are discarded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.process?.kill();
    this.queue.clear();
    this.queue.close();
    await this.publishing;
    this.deps.metrics.cameraUp.set({ camera: this.camera.id }, 0);
  }

  private open(): void {
    if (this.stopped) return;
    const process = this.deps.processes.spawn(buildFfmpegArgs(this.camera));
    this.process = process;
    const splitter = new JpegStreamSplitter(this.deps.config.maxUploadBytes);
    let framesThisRun = 0;
    let stderrTail = '';
    process.stdout.on('data', (chunk: Buffer) => {
      for (const jpeg of splitter.push(chunk)) {
        framesThisRun += 1;
        this.accept(jpeg, process);
      }
    });
    process.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4_096);
    });
    void process.exited.then((exit) => {
      splitter.end();
      this.onExit(exit, framesThisRun > 0, lastLine(stderrTail));
    });
  }

  private accept(jpeg: Buffer, process: SourceProcess): void {
    if (this.stopped) return;
    const cameraId = this.camera.id;
    if (!this.running) {
      this.running = true;
      this.consecutiveFailures = 0;
      this.deps.board.setState(cameraId, 'running', '');
      this.deps.board.setConsecutiveFailures(cameraId, 0);
      this.deps.metrics.cameraUp.set({ camera: cameraId }, 1);
    }
    const dimensions = jpegDimensions(jpeg);
    if (!dimensions) {
      this.deps.metrics.frames.inc({ camera: cameraId, source: this.kind, outcome: 'rejected' });
      this.deps.metrics.rejections.inc({ source: this.kind, reason: 'no_dimensions' });
      this.deps.board.countRejected(cameraId);
      return;
    }
    if (this.deps.backpressure.isBackpressured(cameraId)) {
      this.countDrop('dropped_backpressure');
      return;
    }
    const encoded: EncodedFrame = {
      image: jpeg,
      encoding: 'jpeg',
      ...dimensions,
      capturedAt: this.deps.clock.now(),
      source: this.kind,
    };
    if (this.kind === 'file') {
      // A file can wait: stop reading ffmpeg (it blocks on the full pipe) rather than drop.
      this.queue.pushWithoutDrop(encoded);
      if (this.queue.isFull) process.stdout.pause();
      return;
    }
    if (this.queue.push(encoded)) this.countDrop('dropped_queue');
  }

  private countDrop(outcome: 'dropped_queue' | 'dropped_backpressure'): void {
    const cameraId = this.camera.id;
    this.deps.metrics.frames.inc({ camera: cameraId, source: this.kind, outcome });
    this.deps.board.countDropped(cameraId);
    const now = Date.now();
    if (now - this.lastDropWarnAt > WARN_EVERY_MS) {
      this.lastDropWarnAt = now;
      this.deps.logger.warn(
        { cameraId, outcome, queued: this.queue.size },
        outcome === 'dropped_queue'
          ? 'frames arrive faster than they are published; dropping the oldest'
          : 'downstream lags behind; dropping new frames of this camera',
      );
    }
  }

  private async publishLoop(): Promise<void> {
    for (;;) {
      const frame = await this.queue.take();
      if (!frame || this.stopped) return;
      try {
        await this.deps.publisher.publish(this.camera, frame);
      } catch (error) {
        const now = Date.now();
        if (now - this.lastPublishWarnAt > WARN_EVERY_MS) {
          this.lastPublishWarnAt = now;
          this.deps.logger.error(
            { err: error, cameraId: this.camera.id },
            'cannot publish a frame',
          );
        }
      }
      const stdout = this.process?.stdout;
      if (stdout?.isPaused() && !this.queue.isFull) stdout.resume();
    }
  }

  private onExit(exit: SourceExit, producedFrames: boolean, stderrLine: string): void {
    this.process = undefined;
    this.running = false;
    if (this.stopped) return;
    const cameraId = this.camera.id;
    this.deps.metrics.cameraUp.set({ camera: cameraId }, 0);
    const clean = exit.code === 0;
    if (clean && this.kind === 'file' && !this.camera.loop) {
      // FINISHED once every frame read is published, so a reader of the status can rely on it.
      this.queue.close();
      void this.publishing.then(() => {
        if (this.stopped) return;
        this.deps.board.setState(cameraId, 'finished', '');
        this.deps.logger.info({ cameraId }, 'file source finished');
      });
      return;
    }
    const error =
      exit.spawnError ??
      (stderrLine ||
        (clean ? 'the stream ended' : `ffmpeg exited with ${exit.code ?? exit.signal ?? '?'}`));
    if (producedFrames) this.consecutiveFailures = 0;
    this.consecutiveFailures += 1;
    this.deps.board.setConsecutiveFailures(cameraId, this.consecutiveFailures);
    if (this.kind === 'file' && this.consecutiveFailures >= MAX_FILE_SOURCE_ATTEMPTS) {
      this.deps.board.setState(cameraId, 'failed', error);
      this.deps.logger.error(
        { cameraId, attempts: this.consecutiveFailures, error },
        'file source keeps failing; giving up',
      );
      return;
    }
    const delayMs = reconnectDelayMs(
      this.consecutiveFailures,
      this.deps.config.reconnectInitialMs,
      this.deps.config.reconnectMaxMs,
    );
    this.deps.board.setState(cameraId, 'reconnecting', error);
    this.deps.board.countReconnect(cameraId);
    this.deps.metrics.reconnects.inc({ camera: cameraId });
    this.deps.logger.warn({ cameraId, delayMs, error }, 'camera source failed; reopening later');
    this.retryTimer = setTimeout(() => this.open(), delayMs);
  }
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  return lines.filter((line) => line.length > 0).at(-1) ?? '';
}
