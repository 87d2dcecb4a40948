import {
  ContractRegistry,
  encodeEnvelope,
  newEnvelope,
  deadLetterTopicName,
} from '@sightline/contracts';
import { DEAD_LETTER_HEADERS, ensureTopics, partitionKeyOf } from '@sightline/messaging';
import { MongoConnection } from '@sightline/persistence';
import {
  freePort,
  mongoUrlFor,
  startServiceProcess,
  testInfra,
  uniqueName,
  waitFor,
  waitForHttpUrl,
  readDeadLetters,
  type ServiceProcess,
} from '@sightline/testing';
import { credentials, status } from '@grpc/grpc-js';
import { healthV1 } from '@sightline/proto';
import { Kafka, logLevel } from 'kafkajs';
import { promisify } from 'node:util';
import { ledgerEntryRecorded, ledgerTopic } from './ledger-topic.fixture';

/**
 * Delivery guarantees of KafkaEventServer, proven with a real Nest microservice in another
 * process, the real Kafka broker and FerretDB that tools/scripts/test.sh started.
 */
const FIXTURE = 'libs/service-kit/src/ledger-service.fixture.ts';
const kafka = new Kafka({
  clientId: 'it-delivery',
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});

interface Scenario {
  readonly topic: ReturnType<typeof ledgerTopic>;
  readonly env: Record<string, string>;
  readonly mongo: MongoConnection;
}

async function newScenario(extraEnv: Record<string, string> = {}): Promise<Scenario> {
  const topicName = `${uniqueName('it.ledger').replace(/-/g, '.')}.v1`;
  const topic = ledgerTopic(topicName);
  await ensureTopics(kafka, [topic], { replicationFactor: 1 });
  const database = uniqueName('it_ledger').replace(/-/g, '_');
  return {
    topic,
    mongo: await MongoConnection.open({ url: mongoUrlFor(database) }),
    env: {
      LEDGER_TOPIC: topicName,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_GROUP_ID: `${topicName}.group`,
      MONGO_URL: mongoUrlFor(database),
      GRPC_PORT: String(await freePort()),
      RETRY_MAX_ATTEMPTS: '3',
      RETRY_INITIAL_BACKOFF_MS: '20',
      RETRY_MAX_BACKOFF_MS: '50',
      ...extraEnv,
    },
  };
}

async function publishEntries(
  topic: Scenario['topic'],
  entries: { sequence: number; behaviour: 'ok' | 'always-fail' }[],
): Promise<string[]> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const envelopes = entries.map((entry) =>
    newEnvelope(ledgerEntryRecorded, entry, { source: 'it' }),
  );
  for (let start = 0; start < envelopes.length; start += 200) {
    await producer.send({
      topic: topic.name,
      acks: -1,
      messages: envelopes.slice(start, start + 200).map((envelope) => ({
        key: partitionKeyOf(topic, envelope),
        value: encodeEnvelope(envelope),
      })),
    });
  }
  await producer.disconnect();
  return envelopes.map((envelope) => envelope.id);
}

const rows = (scenario: Scenario) => scenario.mongo.connection.collection('ledger');
const invocations = (scenario: Scenario) =>
  scenario.mongo.connection.collection<{ _id: string; count: number }>('ledger_invocations');

describe('Kafka delivery through a Nest microservice in another process', () => {
  const running: ServiceProcess[] = [];
  const scenarios: Scenario[] = [];
  const start = (scenario: Scenario): ServiceProcess => {
    const service = startServiceProcess(FIXTURE, scenario.env);
    running.push(service);
    return service;
  };

  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
  });

  afterAll(async () => {
    for (const scenario of scenarios) {
      await scenario.mongo.connection.dropDatabase();
      await scenario.mongo.close();
    }
  });

  it('handles a published envelope exactly once and serves health, readiness and metrics', async () => {
    const scenario = await newScenario();
    scenarios.push(scenario);
    const service = start(scenario);
    const httpUrl = await waitForHttpUrl(service);
    await waitFor(
      () => fetch(`${httpUrl}/readyz`).then((r) => r.status),
      (status) => status === 200,
      { what: '/readyz 200' },
    );
    const [id] = await publishEntries(scenario.topic, [{ sequence: 1, behaviour: 'ok' }]);

    await waitFor(
      () => rows(scenario).countDocuments(),
      (count) => count === 1,
      { what: 'the entry to be projected' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await invocations(scenario).findOne({ _id: id })).toEqual({ _id: id, count: 1 });

    expect((await fetch(`${httpUrl}/healthz`)).status).toBe(200);
    const readiness = (await (await fetch(`${httpUrl}/readyz`)).json()) as {
      checks: { name: string; ok: boolean }[];
    };
    expect(readiness.checks.map((check) => [check.name, check.ok])).toEqual([
      ['kafka', true],
      ['mongo', true],
      ['consumer', true],
    ]);
    const metrics = await (await fetch(`${httpUrl}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(
        `sightline_handler_messages_total\\{[^}]*topic="${scenario.topic.name.replace(/\./g, '\\.')}"[^}]*outcome="success"[^}]*\\} 1`,
      ),
    );
    expect(metrics).toContain('sightline_handler_duration_seconds_bucket');
    // Caught up after its one message: the group's lag on that partition reads 0, not absent.
    expect(metrics).toMatch(
      new RegExp(
        `sightline_consumer_lag_messages\\{group="[^"]+",topic="${scenario.topic.name.replace(/\./g, '\\.')}",partition="\\d+"[^}]*\\} 0`,
      ),
    );

    const health = new healthV1.HealthServiceClient(
      `127.0.0.1:${scenario.env['GRPC_PORT']}`,
      credentials.createInsecure(),
    );
    const check = promisify(health.check.bind(health)) as (
      request: healthV1.CheckRequest,
    ) => Promise<healthV1.CheckResponse>;
    const answer = await check({ service: 'sightline.ledger' });
    expect(answer.status).toBe(healthV1.ServingStatus.SERVING_STATUS_SERVING);
    expect(answer.details.map((detail) => detail.name)).toEqual(['kafka', 'mongo', 'consumer']);
    await expect(check({ service: 'sightline.nope' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    health.close();

    expect(await service.stop('SIGTERM')).toBe(0);
  });

  it('dead-letters a poison message with error headers after the retry budget and keeps consuming', async () => {
    const scenario = await newScenario();
    scenarios.push(scenario);
    // Single-key ordering does not matter here: the poison sits among good entries on every partition.
    const entries = Array.from({ length: 12 }, (_, sequence) => ({
      sequence,
      behaviour: sequence === 3 ? ('always-fail' as const) : ('ok' as const),
    }));
    const ids = await publishEntries(scenario.topic, entries);
    start(scenario);

    await waitFor(
      () => rows(scenario).countDocuments(),
      (count) => count === 11,
      { what: '11 good entries', timeoutMs: 60_000 },
    );

    // The good entries can all be applied while the poison is still retrying (when none of the
    // later ones shares its partition), so its attempts are counted only once it is dead-lettered.
    const deadLetters = await readDeadLetters(
      kafka,
      deadLetterTopicName(scenario.topic.name),
      (letters) => letters.length >= 1,
    );
    expect(deadLetters).toHaveLength(1);
    expect(await invocations(scenario).findOne({ _id: ids[3] })).toEqual({ _id: ids[3], count: 3 });
    const header = (name: string) => deadLetters[0].headers[name];
    expect(JSON.parse(deadLetters[0].value)).toMatchObject({
      id: ids[3],
      payload: { sequence: 3 },
    });
    expect(header(DEAD_LETTER_HEADERS.code)).toBe('DEPENDENCY_UNAVAILABLE');
    expect(header(DEAD_LETTER_HEADERS.message)).toContain('entry 3 can never be applied');
    expect(header(DEAD_LETTER_HEADERS.attempts)).toBe('3');
    expect(header(DEAD_LETTER_HEADERS.sourceTopic)).toBe(scenario.topic.name);
    expect(header(DEAD_LETTER_HEADERS.consumerGroup)).toBe(scenario.env['KAFKA_GROUP_ID']);
    expect(Number(header(DEAD_LETTER_HEADERS.sourceOffset))).toBeGreaterThanOrEqual(0);
  });

  it('dead-letters undecodable bytes at once', async () => {
    const scenario = await newScenario();
    scenarios.push(scenario);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: scenario.topic.name,
      messages: [{ key: 'k', value: 'not json' }],
    });
    await producer.disconnect();
    const [good] = await publishEntries(scenario.topic, [{ sequence: 1, behaviour: 'ok' }]);
    const service = start(scenario);
    await waitFor(
      () => rows(scenario).countDocuments({ _id: good } as object),
      (count) => count === 1,
      { what: 'the good entry' },
    );
    const httpUrl = await waitForHttpUrl(service);
    // The topic has three partitions and the two records may sit on different ones, so the good
    // entry can be applied first: wait for the dead letter instead of reading the counter once.
    const deadLetters = await waitFor(
      async () =>
        /sightline_dead_letters_total\{[^}]*code="MALFORMED_ENVELOPE"[^}]*\} (\d+)/.exec(
          await (await fetch(`${httpUrl}/metrics`)).text(),
        )?.[1],
      (count) => count !== undefined,
      { what: 'a MALFORMED_ENVELOPE dead letter in /metrics' },
    );
    expect(deadLetters).toBe('1');
  });

  it('resumes from the committed offset after SIGKILL: 1,000 events, none lost, no duplicate rows', async () => {
    const scenario = await newScenario({ LEDGER_HANDLER_DELAY_MS: '4' });
    scenarios.push(scenario);
    const total = 1_000;
    const ids = await publishEntries(
      scenario.topic,
      Array.from({ length: total }, (_, sequence) => ({ sequence, behaviour: 'ok' as const })),
    );

    const first = start(scenario);
    await waitFor(
      () => rows(scenario).countDocuments(),
      (count) => count >= 250,
      { what: '250 rows before the kill', timeoutMs: 90_000 },
    );
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');
    const atKill = await rows(scenario).countDocuments();
    expect(atKill).toBeLessThan(total);

    start(scenario);
    await waitFor(
      () => rows(scenario).countDocuments(),
      (count) => count === total,
      { what: `${total} rows`, timeoutMs: 120_000 },
    );
    const sequences = (await rows(scenario).find({}).toArray())
      .map((row) => row['sequence'] as number)
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(new Set((await rows(scenario).find({}).toArray()).map((row) => row._id)).size).toBe(
      total,
    );

    // Every event was handled at least once; a redelivery after the kill is allowed, a loss is not.
    const handled = await invocations(scenario).find({}).toArray();
    expect(new Set(handled.map((row) => row._id))).toEqual(new Set(ids));

    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({
      groupId: scenario.env['KAFKA_GROUP_ID'],
      topics: [scenario.topic.name],
    });
    await admin.disconnect();
    expect(offsets.partitions.reduce((sum, partition) => sum + Number(partition.offset), 0)).toBe(
      total,
    );
  });

  it('drains on SIGTERM: the in-flight message finishes and is committed, so a restart redelivers nothing', async () => {
    const scenario = await newScenario({ LEDGER_HANDLER_DELAY_MS: '20' });
    scenarios.push(scenario);
    await publishEntries(
      scenario.topic,
      Array.from({ length: 300 }, (_, sequence) => ({ sequence, behaviour: 'ok' as const })),
    );
    const first = start(scenario);
    await waitFor(
      () => rows(scenario).countDocuments(),
      (count) => count >= 30,
      { what: '30 rows', timeoutMs: 60_000 },
    );
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output()).toContain('shut down cleanly');

    start(scenario);
    await waitFor(
      () => rows(scenario).countDocuments(),
      (count) => count === 300,
      { what: '300 rows', timeoutMs: 60_000 },
    );
    const redelivered = await invocations(scenario)
      .find({ count: { $gt: 1 } })
      .toArray();
    // Redelivered rows would show the drain handed back work it had already done.
    expect(redelivered).toHaveLength(0);
  });

  it('refuses to start when a subscribed topic has no handler', async () => {
    const scenario = await newScenario();
    scenarios.push(scenario);
    const registry = new ContractRegistry([scenario.topic]);
    expect(registry.hasTopic(scenario.topic.name)).toBe(true);
    // The fixture's handler pattern is read at import; pointing the subscription elsewhere breaks the pairing.
    const service = startServiceProcess(
      'libs/service-kit/src/unhandled-subscription.fixture.ts',
      scenario.env,
    );
    running.push(service);
    expect(await service.exited).not.toBe(0);
    expect(service.output()).toContain(
      `subscribes to ${scenario.topic.name} but has no @EventPattern`,
    );
  });
});
