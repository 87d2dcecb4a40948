import { ALL_TOPICS, RETAIN_FOREVER, TOPICS } from '@sightline/contracts';
import { CONFIG_VARIABLES } from '@sightline/config';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { alertRuleGroups } from './alert-rules';
import { CHART_DIR, GENERATED_FILES, generatedChartData } from './chart-data';

interface RenderedTopic {
  name: string;
  partitions: number;
  replicas: number;
  config: Record<string, string>;
}

const chartFile = (file: string): string => readFileSync(path.join(CHART_DIR, file), 'utf8');
const topicData = (): {
  topics: RenderedTopic[];
  scaledConsumers: Record<string, { topic: string; consumerGroup: string; maxReplicas: number }>;
} => JSON.parse(chartFile(GENERATED_FILES.topics));

describe('the Helm chart', () => {
  it('has exactly the KafkaTopics of the registry, each with its dead-letter topic', () => {
    const { topics } = topicData();
    const expectedNames = ALL_TOPICS.flatMap((topic) => [topic.name, `${topic.name}.dlq`]).sort();
    expect(topics.map((topic) => topic.name).sort()).toEqual(expectedNames);
    for (const registered of ALL_TOPICS) {
      const chart = topics.find((topic) => topic.name === registered.name);
      expect(chart).toMatchObject({
        partitions: registered.partitions,
        replicas: 3,
        config: {
          'retention.ms': String(
            registered.retentionMs === RETAIN_FOREVER ? -1 : registered.retentionMs,
          ),
          'min.insync.replicas': '2',
          'cleanup.policy': 'delete',
        },
      });
    }
  });

  it('keeps embedded faces minutes only and the sightings log forever', () => {
    const byName = new Map(topicData().topics.map((topic) => [topic.name, topic]));
    expect(
      Number(byName.get(TOPICS.facesEmbedded.name)?.config['retention.ms']),
    ).toBeLessThanOrEqual(60 * 60_000);
    expect(byName.get(TOPICS.sightings.name)?.config['retention.ms']).toBe('-1');
  });

  it('caps each lag-scaled service at the partitions of the topic it consumes', () => {
    const { scaledConsumers } = topicData();
    expect(Object.keys(scaledConsumers).sort()).toEqual(['detect', 'embed', 'match']);
    for (const [service, consumer] of Object.entries(scaledConsumers)) {
      const topic = ALL_TOPICS.find((candidate) => candidate.name === consumer.topic);
      expect(consumer).toEqual({
        topic: topic?.name,
        consumerGroup: `sightline.${service}`,
        maxReplicas: topic?.partitions,
      });
    }
  });

  it('has generated files that are up to date with the code that generates them', () => {
    for (const [file, data] of Object.entries(generatedChartData())) {
      expect({ file, data: JSON.parse(chartFile(file)) }).toEqual({
        file,
        data: JSON.parse(JSON.stringify(data)),
      });
    }
  });

  it('declares KafkaTopics only from the generated data', () => {
    const templates = readdirSync(path.join(CHART_DIR, 'templates'));
    const declaring = templates.filter((file) =>
      /^kind: KafkaTopic$/m.test(chartFile(`templates/${file}`)),
    );
    expect(declaring).toEqual(['kafka-topics.yaml']);
    expect(chartFile('templates/kafka-topics.yaml')).toContain(
      'range (include "sightline.topicData" . | fromJson).topics',
    );
    expect(chartFile('templates/_helpers.tpl')).toContain(GENERATED_FILES.topics);
  });

  it('sets only variables libs/config reads, and every sensitive one from a Secret', () => {
    const deployment = chartFile('templates/deployments.yaml');
    const envConfigMap = chartFile('templates/configmap-env.yaml');
    const names = new Set([
      ...[...deployment.matchAll(/- name: ([A-Z][A-Z0-9_]+)$/gm)].map((match) => match[1]),
      ...[...envConfigMap.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]),
    ]);
    // Read by Node itself, not by libs/config: trusts the Kafka cluster CA for KAFKA_SSL.
    names.delete('NODE_EXTRA_CA_CERTS');
    // Read by Node itself: a service's runtime flags (services.<name>.nodeOptions).
    names.delete('NODE_OPTIONS');
    const unknown = [...names].filter((name) => !(name in CONFIG_VARIABLES));
    expect(unknown).toEqual([]);
    // The auth keys are set in a range over their names.
    const authKeys = [...deployment.matchAll(/"(AUTH_[A-Z_]+)"/g)].map((match) => match[1]);
    expect(authKeys.filter((name) => !(name in CONFIG_VARIABLES))).toEqual([]);
    for (const [name, variable] of Object.entries(CONFIG_VARIABLES)) {
      if (!variable.sensitive || !names.has(name)) continue;
      const block = deployment.slice(deployment.indexOf(`- name: ${name}\n`)).split('\n');
      expect({ name, source: block.slice(1, 3).join(' ').trim() }).toEqual({
        name,
        source: expect.stringMatching(/^valueFrom:\s+secretKeyRef:/),
      });
    }
    expect(envConfigMap).not.toMatch(/SECRET|PASSWORD|MONGO_URL/);
  });

  it('has a runbook in docs/operations.md for every alert rule', () => {
    const operations = readFileSync(
      path.resolve(CHART_DIR, '..', '..', '..', 'docs', 'operations.md'),
      'utf8',
    );
    const headings = new Set(
      [...operations.matchAll(/^#{2,4} Runbook: (\w+)$/gm)].map((match) => match[1]),
    );
    const alerts = alertRuleGroups().flatMap((group) => group.rules.map((rule) => rule.alert));
    expect(alerts.filter((alert) => !headings.has(alert))).toEqual([]);
  });
});
