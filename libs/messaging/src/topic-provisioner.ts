import {
  DEAD_LETTER_RETENTION_MS,
  deadLetterTopicName,
  RETAIN_FOREVER,
  type TopicDefinition,
} from '@sightline/contracts';
import type { Admin, ITopicConfig, Kafka } from 'kafkajs';

export interface ProvisionOptions {
  readonly replicationFactor: number;
  readonly partitionsOverride?: number;
}

/** The Kafka topic configs a registry entry stands for, dead-letter topic included. */
export function topicConfigsFor(topic: TopicDefinition, options: ProvisionOptions): ITopicConfig[] {
  const minIsr = String(Math.min(2, options.replicationFactor));
  return [
    {
      topic: topic.name,
      numPartitions: options.partitionsOverride ?? topic.partitions,
      replicationFactor: options.replicationFactor,
      configEntries: [
        { name: 'cleanup.policy', value: 'delete' },
        {
          name: 'retention.ms',
          value: String(topic.retentionMs === RETAIN_FOREVER ? -1 : topic.retentionMs),
        },
        { name: 'min.insync.replicas', value: minIsr },
      ],
    },
    {
      topic: deadLetterTopicName(topic.name),
      numPartitions: 1,
      replicationFactor: options.replicationFactor,
      configEntries: [
        { name: 'cleanup.policy', value: 'delete' },
        // A dead letter of a biometric topic is as sensitive as the topic itself.
        {
          name: 'retention.ms',
          value: String(
            topic.carriesBiometrics && topic.retentionMs !== RETAIN_FOREVER
              ? topic.retentionMs
              : DEAD_LETTER_RETENTION_MS,
          ),
        },
        { name: 'min.insync.replicas', value: minIsr },
      ],
    },
  ];
}

/**
 * Creates the missing topics of a registry and leaves existing ones alone, so every replica of
 * every service can run it at start-up at the same time. Returns once every topic it needs has a
 * leader for each partition: a topic another replica created a moment ago may not have one yet.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly TopicDefinition[],
  options: ProvisionOptions,
): Promise<string[]> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = topics.flatMap((topic) => topicConfigsFor(topic, options));
    const created = await withRetries(() => createMissing(admin, wanted));
    const names = wanted.map((config) => config.topic);
    await withRetries(() => assertLeadersElected(admin, names));
    await withRetries(() => assertServing(admin, names));
    return created;
  } finally {
    await admin.disconnect();
  }
}

async function createMissing(admin: Admin, wanted: readonly ITopicConfig[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((config) => !existing.has(config.topic));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({ topics: missing, waitForLeaders: false });
  } catch (error) {
    // Another replica may have created some of them a moment ago; that is the desired state.
    const now = new Set(await admin.listTopics());
    if (missing.some((config) => !now.has(config.topic))) throw error;
  }
  return missing.map((config) => config.topic);
}

async function assertLeadersElected(admin: Admin, names: readonly string[]): Promise<void> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
  const leaderless = topics.filter(
    (topic) =>
      topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0),
  );
  if (leaderless.length > 0)
    throw new Error(`no leader yet for ${leaderless.map((topic) => topic.name).join(', ')}`);
}

/**
 * Metadata can name a leader before that broker serves the partition: on a fresh KRaft broker a
 * ListOffsets right after creation answered NOT_LEADER_FOR_PARTITION. Callers that seek or commit
 * offsets next (replay start points, tests) need the partitions to answer, so wait for that too.
 */
async function assertServing(admin: Admin, names: readonly string[]): Promise<void> {
  for (const name of names) await admin.fetchTopicOffsets(name);
}

const ATTEMPTS = 20;

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 1_000)));
    }
  }
}
