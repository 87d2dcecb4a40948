import { encodeEnvelope, type EventEnvelope, type TopicDefinition } from '@sightline/contracts';
import type { ServiceMetrics } from '@sightline/observability';
import { CompressionTypes, Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import { partitionKeyOf } from './partition-key';

export interface RawMessage {
  readonly key: Buffer | string | null;
  readonly value: Buffer | null;
  readonly headers?: IHeaders;
}

/**
 * The only way a service writes to Kafka. The producer is idempotent (acks=all, one request in
 * flight), so a broker retry never duplicates or reorders a message within a partition.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly metrics?: ServiceMetrics,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Idempotence holds only while the producer itself keeps retrying; a stuck send is bounded by
      // the service's drain deadline instead.
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 10_000 },
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  async publish(
    topic: TopicDefinition,
    envelopes: readonly EventEnvelope[],
    headers: IHeaders = {},
  ): Promise<void> {
    if (envelopes.length === 0) return;
    await this.producer.send({
      topic: topic.name,
      acks: -1,
      compression: CompressionTypes.None,
      messages: envelopes.map((envelope) => ({
        key: partitionKeyOf(topic, envelope),
        value: encodeEnvelope(envelope),
        headers: {
          ...headers,
          'x-event-type': envelope.type,
          'x-correlation-id': envelope.correlationId,
        },
      })),
    });
    for (const envelope of envelopes) {
      this.metrics?.publishedMessages.inc({ topic: topic.name, event_type: envelope.type });
    }
  }

  /** For dead letters and replays: bytes are copied as they were, never re-encoded. */
  async publishRaw(topicName: string, messages: readonly RawMessage[]): Promise<void> {
    await this.producer.send({
      topic: topicName,
      acks: -1,
      messages: messages.map((message) => ({ ...message })),
    });
  }
}
