import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@sightline/observability';
import { LOGGER } from '@sightline/service-kit';
import { EscalateOverdueAlertsUseCase } from './escalate-overdue-alerts.usecase';

export const REVIEW_SWEEP_INTERVAL_MS = Symbol('REVIEW_SWEEP_INTERVAL_MS');

/** Runs the review sweep on a timer (the store has no TTL or change streams to do it for us). */
@Injectable()
export class ReviewSweepJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(EscalateOverdueAlertsUseCase) private readonly sweep: EscalateOverdueAlertsUseCase,
    @Inject(REVIEW_SWEEP_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'info' | 'error'>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // One sweep at a time: a slow store must not stack sweeps up.
      this.running ??= this.runOnce().finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const result = await this.sweep.execute();
      if (result.escalated > 0 || result.republished > 0) {
        this.logger.info(result, 'review sweep escalated or republished alerts');
      }
    } catch (error) {
      this.logger.error({ err: error }, 'review sweep failed; it runs again at the next interval');
    }
  }
}
