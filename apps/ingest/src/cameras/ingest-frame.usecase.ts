import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { DomainError, ErrorCode } from '@sightline/contracts';
import type { Logger } from '@sightline/observability';
import { Clock, LOGGER } from '@sightline/service-kit';
import type { Camera } from './camera';
import { CameraRepository } from './camera.repository';
import { CameraStatusBoard } from './camera-status.board';
import { DownstreamLagMonitor } from './downstream-lag.monitor';
import { FramePublisher } from './frame-publisher';
import { ImageValidator } from './image-validator';
import { IngestMetrics } from './ingest-metrics';

/** A frame a partner sent by HTTP upload or PushFrames. */
export interface PushedFrame {
  readonly image: Buffer;
  readonly capturedAt?: Date;
  readonly source: 'upload' | 'grpc';
}

export type PushOutcome =
  | { readonly outcome: 'published'; readonly frameId: string }
  | { readonly outcome: 'dropped_backpressure' };

/**
 * Takes one pushed frame of a known camera into the mesh: validates it fully (a truncated image
 * is rejected here with INVALID_ARGUMENT, not discovered by detect), applies back-pressure, and
 * publishes it. Uploads are not queued: the caller waits for the broker's acknowledgement.
 */
@Injectable()
export class IngestFrameUseCase {
  constructor(
    @Inject(CameraRepository) private readonly cameras: Pick<CameraRepository, 'findById'>,
    @Inject(ImageValidator) private readonly validator: Pick<ImageValidator, 'validate'>,
    @Inject(DownstreamLagMonitor)
    private readonly lag: Pick<DownstreamLagMonitor, 'isBackpressured'>,
    @Inject(FramePublisher) private readonly publisher: Pick<FramePublisher, 'publish'>,
    @Inject(CameraStatusBoard)
    private readonly board: Pick<CameraStatusBoard, 'countDropped' | 'countRejected'>,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(Clock) private readonly clock: Pick<Clock, 'now'>,
    @Inject(SIGHTLINE_CONFIG) private readonly config: SightlineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The registered camera, or NOT_FOUND. */
  async findCamera(cameraId: string): Promise<Camera> {
    const camera = cameraId ? await this.cameras.findById(cameraId) : null;
    if (!camera) {
      throw new DomainError(
        ErrorCode.NotFound,
        `camera ${JSON.stringify(cameraId)} is not registered`,
        {
          cameraId,
        },
      );
    }
    return camera;
  }

  async execute(camera: Camera, frame: PushedFrame): Promise<PushOutcome> {
    let header;
    try {
      header = await this.validator.validate(frame.image, this.config.ingest.maxUploadBytes);
    } catch (error) {
      const reason =
        error instanceof DomainError ? String(error.details['reason'] ?? 'invalid') : 'invalid';
      this.metrics.frames.inc({ camera: camera.id, source: frame.source, outcome: 'rejected' });
      this.metrics.rejections.inc({ source: frame.source, reason });
      this.board.countRejected(camera.id);
      // A partner's bad frame: worth a line (no image bytes), but never a dead letter.
      this.logger.info(
        { cameraId: camera.id, source: frame.source, reason, bytes: frame.image.length },
        'frame rejected',
      );
      throw error;
    }
    if (this.lag.isBackpressured(camera.id)) {
      this.metrics.frames.inc({
        camera: camera.id,
        source: frame.source,
        outcome: 'dropped_backpressure',
      });
      this.board.countDropped(camera.id);
      return { outcome: 'dropped_backpressure' };
    }
    const frameId = await this.publisher.publish(camera, {
      image: frame.image,
      encoding: header.encoding,
      width: header.width,
      height: header.height,
      capturedAt: frame.capturedAt ?? this.clock.now(),
      source: frame.source,
    });
    return { outcome: 'published', frameId };
  }
}
