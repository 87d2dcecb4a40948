import { ALL_TOPICS, TOPICS, type TopicDefinition } from '@sightline/contracts';
import { topicConfigsFor } from '@sightline/messaging';

/**
 * Replicas of every KafkaTopic in a production cluster. Three brokers with min.insync.replicas 2
 * (topicConfigsFor derives it) survive the loss of one broker without refusing writes.
 */
export const PRODUCTION_REPLICATION_FACTOR = 3;

/** One KafkaTopic the chart renders, in the shape of its spec. */
export interface ChartTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly config: Readonly<Record<string, string>>;
  /** The registry topic this one belongs to (itself, or the topic a dead-letter topic serves). */
  readonly registryTopic: string;
  readonly deadLetter: boolean;
  readonly carriesBiometrics: boolean;
}

/** A service KEDA scales on the lag of the consumer group reading one topic. */
export interface ScaledConsumer {
  readonly topic: string;
  readonly consumerGroup: string;
  /** More consumers than partitions would sit idle, so this caps the replica count. */
  readonly maxReplicas: number;
}

/**
 * The topic each autoscaled service consumes, as in its `runService({ subscribes })` in
 * apps/<service>/src/main.ts. Only services with a single consumed topic are scaled on lag.
 */
const LAG_SCALED: Readonly<Record<'detect' | 'embed' | 'match', TopicDefinition>> = {
  detect: TOPICS.frames,
  embed: TOPICS.facesDetected,
  match: TOPICS.facesEmbedded,
};

/** Every KafkaTopic of the mesh: each registry topic and its dead-letter topic. */
export function chartTopics(
  topics: readonly TopicDefinition[] = ALL_TOPICS,
  replicationFactor = PRODUCTION_REPLICATION_FACTOR,
): ChartTopic[] {
  return topics.flatMap((topic) =>
    topicConfigsFor(topic, { replicationFactor }).map((config) => ({
      name: config.topic,
      partitions: config.numPartitions ?? topic.partitions,
      replicas: config.replicationFactor ?? replicationFactor,
      config: Object.fromEntries(
        (config.configEntries ?? []).map((entry) => [entry.name, entry.value]),
      ),
      registryTopic: topic.name,
      deadLetter: config.topic !== topic.name,
      carriesBiometrics: topic.carriesBiometrics,
    })),
  );
}

/** KEDA settings of the lag-scaled services; the consumer group is the config default. */
export function scaledConsumers(): Record<keyof typeof LAG_SCALED, ScaledConsumer> {
  const entries = Object.entries(LAG_SCALED).map(([service, topic]) => [
    service,
    { topic: topic.name, consumerGroup: `sightline.${service}`, maxReplicas: topic.partitions },
  ]);
  return Object.fromEntries(entries) as Record<keyof typeof LAG_SCALED, ScaledConsumer>;
}
