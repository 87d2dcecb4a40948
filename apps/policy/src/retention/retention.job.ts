import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@sightline/observability';
import { LOGGER } from '@sightline/service-kit';
import { PurgeMatchEvidenceUseCase } from './purge-match-evidence.usecase';
import type { PurgeReport } from './purge-report';
import { PurgeSightingsLogUseCase } from './purge-sightings-log.usecase';
import { RetentionMetrics } from './retention-metrics';

/** Injection token of the time between purge runs, in ms (wired in the module). */
export const RETENTION_INTERVAL_MS = Symbol('RETENTION_INTERVAL_MS');

/**
 * Runs the retention purges at start and then every interval: FerretDB has no TTL indexes, so
 * nothing else deletes what is due. One run at a time; a failed class is logged and counted and
 * retried at the next run, without stopping the other class.
 *
 * Every replica runs it. Two replicas purging at the same moment delete each row once but may both
 * audit the same rows; a lease in Mongo would make that exact, and is not built yet.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PurgeReport[]> | undefined;

  constructor(
    @Inject(PurgeMatchEvidenceUseCase) private readonly purgeEvidence: PurgeMatchEvidenceUseCase,
    @Inject(PurgeSightingsLogUseCase) private readonly purgeSightings: PurgeSightingsLogUseCase,
    @Inject(RetentionMetrics) private readonly metrics: RetentionMetrics,
    @Inject(RETENTION_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'info' | 'error'>,
  ) {}

  onApplicationBootstrap(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
  }

  /** Stops scheduling and lets a run in progress finish before the database connection closes. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One run of every purge; a call while one is running joins it. Never rejects. */
  runOnce(): Promise<PurgeReport[]> {
    this.running ??= this.purgeAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async purgeAll(): Promise<PurgeReport[]> {
    const reports: PurgeReport[] = [];
    for (const [retentionClass, purge] of [
      ['match-evidence', () => this.purgeEvidence.execute()],
      ['sightings-log', () => this.purgeSightings.execute()],
    ] as const) {
      try {
        const report = await purge();
        reports.push(report);
        if (report.purged > 0) this.logger.info({ report }, 'retention purge deleted rows');
      } catch (error) {
        this.metrics.failures.inc({ class: retentionClass });
        this.logger.error({ err: error, retentionClass }, 'retention purge failed; will retry');
      }
    }
    return reports;
  }
}
