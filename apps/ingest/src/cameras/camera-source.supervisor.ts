import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import type { Logger } from '@sightline/observability';
import { Clock, LOGGER } from '@sightline/service-kit';
import { sourceKindOf, type Camera } from './camera';
import { CameraRepository } from './camera.repository';
import { CameraSource } from './camera-source';
import { CameraStatusBoard } from './camera-status.board';
import { DownstreamLagMonitor } from './downstream-lag.monitor';
import { FfmpegProcessFactory } from './ffmpeg-process.factory';
import { FramePublisher } from './frame-publisher';
import { IngestMetrics } from './ingest-metrics';

/**
 * Runs one CameraSource per registered camera that has a source URI: all of them at start-up,
 * then follows registrations and removals made through this replica. A failing camera is visible
 * in its status and metrics but never fails the service: it is one camera.
 */
@Injectable()
export class CameraSourceSupervisor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly sources = new Map<string, CameraSource>();

  constructor(
    @Inject(CameraRepository) private readonly cameras: CameraRepository,
    @Inject(FfmpegProcessFactory) private readonly processes: FfmpegProcessFactory,
    @Inject(FramePublisher) private readonly publisher: FramePublisher,
    @Inject(DownstreamLagMonitor) private readonly lag: DownstreamLagMonitor,
    @Inject(CameraStatusBoard) private readonly board: CameraStatusBoard,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SIGHTLINE_CONFIG) private readonly config: SightlineConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cameras = await this.cameras.findAll();
    for (const camera of cameras) await this.apply(camera);
    this.logger.info(
      { cameras: cameras.length, sources: this.sources.size },
      'camera sources started',
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.sources.values()].map((source) => source.stop()));
    this.sources.clear();
  }

  /** (Re)starts the camera's source, or marks it push-only when it has none. */
  async apply(camera: Camera): Promise<void> {
    await this.stopSource(camera.id);
    if (!sourceKindOf(camera.sourceUri)) {
      this.board.setState(camera.id, 'push_only', '');
      return;
    }
    const source = new CameraSource(camera, {
      processes: this.processes,
      publisher: this.publisher,
      backpressure: this.lag,
      board: this.board,
      metrics: this.metrics,
      clock: this.clock,
      logger: this.logger,
      config: this.config.ingest,
    });
    this.sources.set(camera.id, source);
    source.start();
  }

  /** Stops the camera's source and forgets its status. */
  async remove(cameraId: string): Promise<void> {
    await this.stopSource(cameraId);
    this.board.forget(cameraId);
    this.metrics.cameraUp.remove({ camera: cameraId });
  }

  private async stopSource(cameraId: string): Promise<void> {
    const source = this.sources.get(cameraId);
    if (!source) return;
    this.sources.delete(cameraId);
    await source.stop();
  }
}
