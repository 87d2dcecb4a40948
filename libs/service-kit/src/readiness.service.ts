import { Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@sightline/observability';

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export type ReadinessCheck = () => Promise<Omit<CheckResult, 'name'>> | Omit<CheckResult, 'name'>;

const CHECK_TIMEOUT_MS = 2_000;

/**
 * /readyz: the service takes traffic only when every registered dependency answers. Checks are
 * registered by whoever owns the dependency (broker, database, consumer group, camera sources).
 */
@Injectable()
export class ReadinessService {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(@Inject(ServiceMetrics) private readonly metrics: ServiceMetrics) {}

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async evaluate(): Promise<{ ready: boolean; checks: CheckResult[] }> {
    const checks = await Promise.all(
      [...this.checks].map(([name, check]) => this.run(name, check)),
    );
    for (const check of checks) this.metrics.ready.set({ check: check.name }, check.ok ? 1 : 0);
    return { ready: checks.every((check) => check.ok), checks };
  }

  private async run(name: string, check: ReadinessCheck): Promise<CheckResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Omit<CheckResult, 'name'>>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
        CHECK_TIMEOUT_MS,
      );
    });
    try {
      return { name, ...(await Promise.race([Promise.resolve().then(check), timeout])) };
    } catch (error) {
      return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
