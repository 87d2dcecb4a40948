import type { SightlineConfig } from '@sightline/config';
import type { ContractRegistry } from '@sightline/contracts';
import type { EventPublisher } from '@sightline/messaging';
import type { Logger, ServiceMetrics } from '@sightline/observability';
import type { MongoConnection } from '@sightline/persistence';
import type { Kafka } from 'kafkajs';

/** The process-wide side effects, built once by bootstrapService and handed to Nest as providers. */
export interface ServiceRuntime {
  readonly config: SightlineConfig;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly kafka: Kafka;
  readonly registry: ContractRegistry;
  readonly publisher: EventPublisher;
  readonly subscriptions: readonly string[];
  readonly mongo?: MongoConnection;
}
