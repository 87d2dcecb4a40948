import type { Kafka } from 'kafkajs';
import { ulid } from 'ulid';
import { waitFor } from './wait-for';

export interface TopicRecord {
  readonly partition: number;
  readonly offset: string;
  /** Broker append time, ms since the epoch. */
  readonly timestamp: number;
  readonly value: string;
}

/**
 * Every record of a topic from the beginning up to the end offsets seen when called, read in a
 * throw-away consumer group. Records `keep` rejects are not held, so large topics stay cheap.
 */
export async function readTopicToEnd(
  kafka: Kafka,
  topic: string,
  keep: (value: string) => boolean = () => true,
): Promise<TopicRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(
    ends
      .filter((end) => BigInt(end.high) > BigInt(end.low))
      .map((end) => [end.partition, BigInt(end.high)]),
  );
  const records: TopicRecord[] = [];
  if (remaining.size === 0) return records;
  const consumer = kafka.consumer({ groupId: `it-topic-reader-${ulid().toLowerCase()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const end = remaining.get(partition);
        if (end === undefined || BigInt(message.offset) >= end) return;
        const value = message.value?.toString() ?? '';
        if (keep(value)) {
          records.push({
            partition,
            offset: message.offset,
            timestamp: Number(message.timestamp),
            value,
          });
        }
        if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
      },
    });
    await waitFor(
      () => remaining.size,
      (left) => left === 0,
      { what: `the end of ${topic}`, timeoutMs: 120_000 },
    );
    return records;
  } finally {
    await consumer.disconnect();
  }
}
