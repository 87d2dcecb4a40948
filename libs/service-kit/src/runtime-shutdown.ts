import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EventPublisher } from '@sightline/messaging';
import type { Logger } from '@sightline/observability';
import { MongoConnection } from '@sightline/persistence';
import { LOGGER } from './tokens';

/**
 * Runs after Nest has closed the consumer (dispose), so the last handled event could still
 * publish and write before the producer and the database connection go away.
 */
@Injectable()
export class RuntimeShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MongoConnection) private readonly mongo: MongoConnection | null,
  ) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.publisher.disconnect();
    await this.mongo?.close();
    this.logger.info({ signal }, 'shut down cleanly');
    this.logger.flush();
  }
}
