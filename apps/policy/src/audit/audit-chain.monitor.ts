import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '@sightline/observability';
import { LOGGER } from '@sightline/service-kit';
import { AuditMetrics } from './audit-metrics';
import { VerifyAuditChainUseCase } from './verify-audit-chain.usecase';

/** How often the whole chain is recomputed (config AUDIT_VERIFY_INTERVAL_MS): each run reads every record. */
export const AUDIT_VERIFY_INTERVAL_MS = Symbol('AUDIT_VERIFY_INTERVAL_MS');

/**
 * Verifies the stored audit chain at start and then periodically, so tampering raises an alarm
 * (sightline_audit_verify_failures_total, sightline_audit_chain_intact = 0) without anyone having
 * to run the `verify` command. It also remembers the longest chain it has verified: the chain only
 * ever grows, so fewer records later means the newest ones were deleted, which the hashes alone
 * cannot show.
 */
@Injectable()
export class AuditChainMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private longestVerified = 0;

  constructor(
    @Inject(VerifyAuditChainUseCase) private readonly verifyChain: VerifyAuditChainUseCase,
    @Inject(AuditMetrics) private readonly metrics: AuditMetrics,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>,
    @Inject(AUDIT_VERIFY_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One verification; a call while one is running waits for that one instead of starting another. */
  check(): Promise<void> {
    this.running ??= this.verifyOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async verifyOnce(): Promise<void> {
    try {
      const report = await this.verifyChain.execute();
      if (report.intact && report.count >= this.longestVerified) {
        this.longestVerified = report.count;
        this.metrics.chainIntact.set(1);
        this.metrics.verifiedRecords.set(report.count);
        this.logger.info({ records: report.count, head: report.head.hash }, 'audit chain intact');
        return;
      }
      this.metrics.verifyFailures.inc();
      this.metrics.chainIntact.set(0);
      if (report.intact) {
        this.metrics.verifiedRecords.set(report.count);
        this.logger.error(
          { records: report.count, previouslyVerified: this.longestVerified },
          'audit chain is shorter than it was: its newest records were deleted',
        );
      } else {
        this.metrics.verifiedRecords.set(report.verified);
        this.logger.error({ broken: report.broken }, 'audit chain is broken');
      }
    } catch (error) {
      // The database being away is not tampering: no failure counted, the last verdict stands.
      this.logger.warn({ err: error }, 'could not verify the audit chain; will try again');
    }
  }
}
