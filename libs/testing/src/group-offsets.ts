import type { Kafka } from 'kafkajs';
import { waitFor } from './wait-for';

/**
 * Commits the current end of each topic for a consumer group that does not exist yet, so a test's
 * fresh group starts at "now" instead of replaying every earlier run's events.
 */
export async function startGroupAtEnd(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Waits until a consumer group has committed the end of every partition of a topic. */
export async function waitForGroupCaughtUp(
  kafka: Kafka,
  groupId: string,
  topic: string,
  timeoutMs = 300_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, BigInt(end.high)]),
    );
    await waitFor(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return (offsets?.partitions ?? []).filter(
          (partition) => BigInt(partition.offset) < (ends.get(partition.partition) ?? 0n),
        ).length;
      },
      (behind) => behind === 0,
      { what: `${groupId} to catch up on ${topic}`, timeoutMs, intervalMs: 1_000 },
    );
  } finally {
    await admin.disconnect();
  }
}
