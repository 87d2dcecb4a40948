import { ALL_TOPICS } from '@sightline/contracts';
import { testInfra } from '@sightline/testing';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { ensureTopics, topicConfigsFor } from './topic-provisioner';

/**
 * What the broker really keeps: biometric topics (and their dead letters) for minutes, the
 * sightings and audit logs forever. Read back from the live broker, not from the registry, so a
 * topic created by hand or by an older release with other settings is caught here.
 */
describe('topic retention on the broker (int)', () => {
  const kafka = new Kafka({
    clientId: 'it-topic-retention',
    brokers: testInfra.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });

  it('matches the registry for every topic and dead-letter topic', async () => {
    await ensureTopics(kafka, ALL_TOPICS, { replicationFactor: 1 });
    const wanted = ALL_TOPICS.flatMap((topic) =>
      topicConfigsFor(topic, { replicationFactor: 1 }).map((config) => ({
        name: config.topic,
        biometric: topic.carriesBiometrics,
        retentionMs: config.configEntries?.find((entry) => entry.name === 'retention.ms')?.value,
      })),
    );
    const admin = kafka.admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: wanted.map(({ name }) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['retention.ms'],
        })),
      });
      const live = new Map(
        described.resources.map((resource) => [
          resource.resourceName,
          resource.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue,
        ]),
      );
      expect(Object.fromEntries(wanted.map(({ name }) => [name, live.get(name)]))).toEqual(
        Object.fromEntries(wanted.map(({ name, retentionMs }) => [name, retentionMs])),
      );
      // Watchlist templates live on galleries.v1 as long as their watchlist: removal and expiry
      // events end them, not time. Every other biometric topic holds minutes of passers-by.
      const passersBy = wanted.filter(
        ({ name, biometric }) => biometric && !name.startsWith('galleries.'),
      );
      expect(passersBy.length).toBeGreaterThanOrEqual(6);
      for (const { name } of passersBy) {
        expect([name, Number(live.get(name))]).toEqual([name, expect.any(Number)]);
        expect(Number(live.get(name))).toBeGreaterThan(0);
        expect(Number(live.get(name))).toBeLessThanOrEqual(3_600_000);
      }
    } finally {
      await admin.disconnect();
    }
  });
});
