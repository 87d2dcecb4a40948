import { TOPICS } from '@sightline/contracts';
import { topicConfigsFor } from './topic-provisioner';

const entry = (configs: ReturnType<typeof topicConfigsFor>, topic: string, name: string) =>
  configs.find((config) => config.topic === topic)?.configEntries?.find((e) => e.name === name)
    ?.value;

describe('topicConfigsFor', () => {
  it('creates the topic and its dead-letter topic with the registry retention', () => {
    const configs = topicConfigsFor(TOPICS.sightings, { replicationFactor: 3 });
    expect(configs.map((c) => c.topic)).toEqual(['sightings.v1', 'sightings.v1.dlq']);
    expect(configs[0]).toMatchObject({ numPartitions: 6, replicationFactor: 3 });
    expect(entry(configs, 'sightings.v1', 'retention.ms')).toBe('-1');
    expect(entry(configs, 'sightings.v1', 'min.insync.replicas')).toBe('2');
  });

  it('keeps dead letters of a biometric topic no longer than the topic itself', () => {
    const configs = topicConfigsFor(TOPICS.facesEmbedded, {
      replicationFactor: 1,
      partitionsOverride: 2,
    });
    expect(configs[0].numPartitions).toBe(2);
    expect(entry(configs, 'faces.embedded.v1.dlq', 'retention.ms')).toBe(
      String(TOPICS.facesEmbedded.retentionMs),
    );
    expect(entry(configs, 'faces.embedded.v1', 'min.insync.replicas')).toBe('1');
  });
});
