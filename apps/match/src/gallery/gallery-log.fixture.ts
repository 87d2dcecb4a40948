import { encodeEnvelope, TOPICS, type EventEnvelope } from '@sightline/contracts';
import { partitionKeyOf } from '@sightline/messaging';
import { testInfra } from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { TEMPLATE_DIMENSION } from './gallery-state';

/** A quiet client of the test broker for the integration tests that write galleries.v1. */
export function galleryTestKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: testInfra.kafkaBrokers, logLevel: logLevel.NOTHING });
}

/** A distinct unit template per seed; `dimension` other than 128 makes a malformed one. */
export function unitTemplate(seed: number, dimension = TEMPLATE_DIMENSION): number[] {
  const values = Array.from({ length: dimension }, (_, i) => Math.sin(seed * 7.3 + i * 1.7));
  const norm = Math.hypot(...values);
  return values.map((value) => value / norm);
}

/** Appends events as a producer of the mesh would: keyed by watchlist, acknowledged by all. */
export async function publishGalleryEvents(kafka: Kafka, events: EventEnvelope[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({
    topic: TOPICS.galleries.name,
    acks: -1,
    messages: events.map((event) => ({
      key: partitionKeyOf(TOPICS.galleries, event),
      value: encodeEnvelope(event),
    })),
  });
  await producer.disconnect();
}
