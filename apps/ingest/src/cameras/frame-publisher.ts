import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { frameCaptured, newEnvelope, TOPICS } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { ulid } from 'ulid';
import type { Camera } from './camera';
import { CameraStatusBoard } from './camera-status.board';
import type { FrameSource } from './frame-source';
import { IngestMetrics } from './ingest-metrics';

/** One encoded frame ready to enter the mesh. */
export interface EncodedFrame {
  readonly image: Buffer;
  readonly encoding: 'jpeg' | 'png';
  readonly width: number;
  readonly height: number;
  readonly capturedAt: Date;
  readonly source: FrameSource;
}

/**
 * Publishes frameCaptured on frames.v1, keyed by camera id so a camera's frames stay in order on
 * one partition. Mints the frameId (a ULID: every later id derives from it) and the per-camera
 * sequence, monotonic within this process across all of the camera's sources.
 */
@Injectable()
export class FramePublisher {
  private readonly sequences = new Map<string, number>();

  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(CameraStatusBoard) private readonly board: CameraStatusBoard,
    @Inject(SIGHTLINE_CONFIG) private readonly config: SightlineConfig,
  ) {}

  async publish(camera: Camera, frame: EncodedFrame): Promise<string> {
    const frameId = ulid();
    const sequence = this.sequences.get(camera.id) ?? 0;
    this.sequences.set(camera.id, sequence + 1);
    const envelope = newEnvelope(
      frameCaptured,
      {
        cameraId: camera.id,
        frameId,
        capturedAt: frame.capturedAt.toISOString(),
        sequence,
        width: frame.width,
        height: frame.height,
        encoding: frame.encoding,
        image: frame.image.toString('base64'),
        zone: camera.zone,
        sensitive: camera.sensitive,
        source: frame.source,
      },
      { source: this.config.service.name, cameraId: camera.id, occurredAt: frame.capturedAt },
    );
    const stopTimer = this.metrics.publishSeconds.startTimer();
    try {
      await this.publisher.publish(TOPICS.frames, [envelope]);
    } catch (error) {
      this.metrics.frames.inc({
        camera: camera.id,
        source: frame.source,
        outcome: 'publish_failed',
      });
      throw error;
    } finally {
      stopTimer();
    }
    this.metrics.frames.inc({ camera: camera.id, source: frame.source, outcome: 'published' });
    this.board.countPublished(camera.id, frame.capturedAt);
    return frameId;
  }
}
