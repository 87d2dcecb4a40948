import { ServiceMetrics } from '@sightline/observability';
import type { PurgeMatchEvidenceUseCase } from './purge-match-evidence.usecase';
import type { PurgeSightingsLogUseCase } from './purge-sightings-log.usecase';
import { RetentionJob } from './retention.job';
import { RetentionMetrics } from './retention-metrics';

describe('RetentionJob', () => {
  it('runs every class even when one fails, counts the failure, and joins a running run', async () => {
    const evidence = { execute: jest.fn().mockRejectedValue(new Error('mongo away')) };
    const sightings = {
      execute: jest.fn().mockResolvedValue({ retentionClass: 'sightings-log', purged: 3, kept: 0 }),
    };
    const metrics = new RetentionMetrics(new ServiceMetrics('policy-test'));
    const logger = { info: jest.fn(), error: jest.fn() };
    const job = new RetentionJob(
      evidence as unknown as PurgeMatchEvidenceUseCase,
      sightings as unknown as PurgeSightingsLogUseCase,
      metrics,
      60_000,
      logger,
    );

    const [first, joined] = [job.runOnce(), job.runOnce()];
    expect(joined).toBe(first);
    await expect(first).resolves.toEqual([{ retentionClass: 'sightings-log', purged: 3, kept: 0 }]);
    expect(evidence.execute).toHaveBeenCalledTimes(1);
    expect(sightings.execute).toHaveBeenCalledTimes(1);
    expect((await metrics.failures.get()).values).toEqual([
      expect.objectContaining({ labels: { class: 'match-evidence' }, value: 1 }),
    ]);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });
});
