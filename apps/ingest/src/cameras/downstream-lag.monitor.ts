import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { TOPICS } from '@sightline/contracts';
import type { Logger } from '@sightline/observability';
import { KAFKA, LOGGER } from '@sightline/service-kit';
import type { Admin, Kafka } from 'kafkajs';
import { IngestMetrics } from './ingest-metrics';
import { partitionLags, partitionOfKey, shouldDropForLag } from './downstream-lag';

const POLL_INTERVAL_MS = 1_000;
const WARN_EVERY_MS = 30_000;

/**
 * Watches how far the downstream group (detect) lags on frames.v1, per partition, and tells
 * sources whether a camera's new frames should be dropped. A camera maps to the partition its key
 * hashes to (the same murmur2 partitioner as EventPublisher), so one slow partition does not
 * silence the cameras of the others. If the admin cannot answer, the last known lags stand and the
 * failure is logged, rate-limited.
 */
@Injectable()
export class DownstreamLagMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private lags = new Map<number, number>();
  private partitionCount = 0;
  private admin: Admin | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private lastWarnAt = 0;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SIGHTLINE_CONFIG) private readonly config: SightlineConfig,
    @Inject(IngestMetrics) private readonly metrics: IngestMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), POLL_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.admin?.disconnect().catch(() => undefined);
  }

  /** The lag of the partition the camera's frames go to (0 until the first poll). */
  lagOf(cameraId: string): number {
    if (this.partitionCount === 0) return 0;
    return this.lags.get(partitionOfKey(cameraId, this.partitionCount)) ?? 0;
  }

  isBackpressured(cameraId: string): boolean {
    return shouldDropForLag(this.lagOf(cameraId), this.config.ingest.maxDownstreamLag);
  }

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (!this.admin) {
        const admin = this.kafka.admin();
        await admin.connect();
        this.admin = admin;
      }
      const topic = TOPICS.frames.name;
      const [ends, groups] = await Promise.all([
        this.admin.fetchTopicOffsets(topic),
        this.admin.fetchOffsets({ groupId: this.config.ingest.downstreamGroup, topics: [topic] }),
      ]);
      const committed = groups.find((group) => group.topic === topic)?.partitions ?? [];
      this.lags = partitionLags(ends, committed);
      this.partitionCount = ends.length;
      for (const [partition, lag] of this.lags) {
        this.metrics.downstreamLag.set({ partition: String(partition) }, lag);
      }
    } catch (error) {
      const now = Date.now();
      if (now - this.lastWarnAt > WARN_EVERY_MS) {
        this.lastWarnAt = now;
        this.logger.warn({ err: error }, 'cannot read the downstream lag; keeping the last known');
      }
    } finally {
      this.polling = false;
    }
  }
}
