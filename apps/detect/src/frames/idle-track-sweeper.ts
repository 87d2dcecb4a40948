import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@sightline/observability';
import { LOGGER } from '@sightline/service-kit';
import { CameraLanes } from './camera-lanes';
import { CloseIdleTracksUseCase } from './close-idle-tracks.usecase';
import { IDLE_SWEEP_INTERVAL_MS } from './detect-tuning';

/**
 * The timer behind idle closure. Adopts checkpoints with open tracks at start (before the
 * consumer starts, which Nest does after bootstrap hooks), then sweeps every IDLE_SWEEP_INTERVAL_MS.
 * A failed sweep (broker or database down) is logged and tried again on the next tick.
 */
@Injectable()
export class IdleTrackSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    @Inject(CloseIdleTracksUseCase) private readonly closeIdleTracks: CloseIdleTracksUseCase,
    @Inject(CameraLanes) private readonly lanes: CameraLanes,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const adopted = await this.closeIdleTracks.adoptCheckpoints();
    if (adopted > 0) this.logger.info({ cameras: adopted }, 'resumed open tracks from checkpoints');
    this.timer = setInterval(() => this.tick(), IDLE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
    await this.lanes.idle();
  }

  /** One sweep at a time: a slow publish must not pile sweeps up behind it. */
  private tick(): void {
    if (this.sweeping) return;
    this.sweeping = this.closeIdleTracks
      .execute()
      .then(
        (closed) => {
          if (closed > 0) this.logger.info({ closed }, 'closed tracks of idle cameras');
        },
        (error: unknown) => this.logger.warn({ err: error }, 'idle sweep failed; will retry'),
      )
      .finally(() => {
        this.sweeping = undefined;
      });
  }
}
