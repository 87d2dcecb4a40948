import { DomainError, encodeEnvelope, ErrorCode, newEnvelope } from '@sightline/contracts';
import { readDeadLetters, testInfra, uniqueName, waitFor } from '@sightline/testing';
import { Kafka, logLevel } from 'kafkajs';
import { DEAD_LETTER_HEADERS } from './dead-letter-headers';
import { EventPublisher } from './event-publisher';
import {
  probeRecorded,
  probeTopic,
  startProbeServer,
  type Probe,
  type ProbeEnvelope,
  type ProbeServer,
  type ProbeServerOptions,
} from './kafka-event-server-lookahead.fixture';
import type { KafkaEventContext } from './kafka-event-context';
import { SubscriptionMismatchError } from './kafka-event-server';
import { ensureTopics } from './topic-provisioner';

/**
 * The batch path of KafkaEventServer that a lookahead handler (lookaheadPattern) switches on,
 * against the real broker: each event is shown to the lookahead while the one before it is
 * handled, yet handling, dead-lettering and commits stay one event at a time, in offset order.
 */
const kafka = new Kafka({
  clientId: 'it-lookahead',
  brokers: testInfra.kafkaBrokers,
  logLevel: logLevel.NOTHING,
});

type Behaviour = ProbeEnvelope['payload']['behaviour'];

interface Step {
  /** ahead and ahead-end bracket a lookahead call, start and end a handler call. */
  readonly kind: 'ahead' | 'ahead-end' | 'start' | 'end';
  readonly sequence: number;
  readonly offset: string;
  readonly attempt: number;
}

interface Signal {
  readonly promise: Promise<void>;
  readonly fire: () => void;
}

function signal(): Signal {
  let fire = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { promise, fire };
}

/**
 * Records every handler and lookahead call in one sequence, so the spec can read what ran before
 * what. Each lookahead waits until the handler of the event before it has started, and a
 * 'rendezvous' handler waits for the next event's lookahead: neither can finish unless the two
 * really overlap. A 'hold' handler waits for the spec.
 */
class ProbeLog implements Probe {
  readonly steps: Step[] = [];
  private readonly signals = new Map<string, Signal>();
  private releasedAll = false;

  async handle(event: ProbeEnvelope, context: KafkaEventContext): Promise<void> {
    const { sequence, behaviour } = event.payload;
    this.record('start', event, context);
    this.signalFor('started', sequence).fire();
    switch (behaviour) {
      case 'poison':
        // A non-retryable code: the failure decision dead-letters it on the first attempt.
        throw new DomainError(ErrorCode.InvalidPayload, `probe ${sequence} is poison`);
      case 'rendezvous':
        await this.wait('ahead', sequence + 1);
        break;
      case 'hold':
        await this.wait('release', sequence);
        break;
      case 'ok':
      case 'ahead-fails':
        break;
    }
    // A macrotask: whatever the server started before this handler (a lookahead) runs its
    // synchronous part first, so the log shows it.
    await new Promise((resolve) => setImmediate(resolve));
    this.record('end', event, context);
  }

  async lookAhead(event: ProbeEnvelope, context: KafkaEventContext): Promise<void> {
    const { sequence, behaviour } = event.payload;
    this.record('ahead', event, context);
    this.signalFor('ahead', sequence).fire();
    await this.wait('started', sequence - 1);
    this.record('ahead-end', event, context);
    if (behaviour === 'ahead-fails' || behaviour === 'poison')
      throw new DomainError(ErrorCode.Internal, `lookahead of probe ${sequence} failed`);
  }

  release(sequence: number): void {
    this.signalFor('release', sequence).fire();
  }

  /** Teardown: a broken server may leave handlers waiting, and close() waits for them. */
  releaseAll(): void {
    this.releasedAll = true;
    for (const waiting of this.signals.values()) waiting.fire();
  }

  of(kind: Step['kind']): Step[] {
    return this.steps.filter((step) => step.kind === kind);
  }

  indexOf(kind: Step['kind'], sequence: number): number {
    return this.steps.findIndex((step) => step.kind === kind && step.sequence === sequence);
  }

  private async wait(name: string, sequence: number): Promise<void> {
    if (!this.releasedAll) await this.signalFor(name, sequence).promise;
  }

  private signalFor(name: string, sequence: number): Signal {
    const key = `${name}:${sequence}`;
    const existing = this.signals.get(key);
    if (existing) return existing;
    const created = signal();
    this.signals.set(key, created);
    return created;
  }

  private record(kind: Step['kind'], event: ProbeEnvelope, context: KafkaEventContext): void {
    this.steps.push({
      kind,
      sequence: event.payload.sequence,
      offset: context.getOffset(),
      attempt: context.getAttempt(),
    });
  }
}

/**
 * For an await a broken server could leave hanging (close() waits for every handler and lookahead):
 * fail after the same 30 s as waitFor, so teardown can release the probe, instead of Jest's 10 min.
 */
async function settled<T>(work: Promise<T>, what: string, timeoutMs = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${timeoutMs} ms: ${what}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, index) => from + index);

/** start/end pairs of each sequence in turn: what one-at-a-time handling in order looks like. */
const inTurn = (sequences: readonly number[]): string[] =>
  sequences.flatMap((sequence) => [`start ${sequence}`, `end ${sequence}`]);

describe('KafkaEventServer with a lookahead handler (int)', () => {
  const publisher = new EventPublisher(kafka);
  const admin = kafka.admin();
  const running: ProbeServer[] = [];
  const logs: ProbeLog[] = [];

  beforeAll(async () => {
    await publisher.connect();
    await admin.connect();
  });

  afterEach(async () => {
    for (const log of logs.splice(0)) log.releaseAll();
    await Promise.all(running.splice(0).map((service) => service.stop()));
  });

  afterAll(async () => {
    await publisher.disconnect();
    await admin.disconnect();
  });

  const newLog = (): ProbeLog => {
    const log = new ProbeLog();
    logs.push(log);
    return log;
  };

  const start = async (options: ProbeServerOptions): Promise<ProbeServer> => {
    const service = await startProbeServer(options);
    running.push(service);
    return service;
  };

  const newTopic = async (): Promise<ReturnType<typeof probeTopic>> => {
    const topic = probeTopic(`${uniqueName('it.lookahead').replace(/-/g, '.')}.v1`);
    await ensureTopics(kafka, [topic], { replicationFactor: 1 });
    return topic;
  };

  /** One send, so one record batch on the partition, which a fetch returns whole. */
  const publish = async (
    topic: ReturnType<typeof probeTopic>,
    sequences: readonly number[],
    behaviourOf: (sequence: number) => Behaviour = () => 'ok',
  ): Promise<ProbeEnvelope[]> => {
    const envelopes = sequences.map((sequence) =>
      newEnvelope(probeRecorded, { sequence, behaviour: behaviourOf(sequence) }, { source: 'it' }),
    );
    await publisher.publish(topic, envelopes, { 'x-it-origin': 'lookahead-spec' });
    return envelopes;
  };

  const committed = async (groupId: string, topic: string): Promise<string | undefined> => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions.find((partition) => partition.partition === 0)?.offset;
  };

  const handling = (log: ProbeLog): Step[] =>
    log.steps.filter((step) => step.kind === 'start' || step.kind === 'end');

  const handledInOrder = (log: ProbeLog): string[] =>
    handling(log).map((step) => `${step.kind} ${step.sequence}`);

  it('handles 30 events once each in offset order, each shown to the lookahead while the one before it is handled', async () => {
    const topic = await newTopic();
    const groupId = `${topic.name}.group`;
    const log = newLog();
    const service = await start({ topic, groupId, probe: log });

    // The second half is sent once the first is handled, so 15 starts a new fetched batch for sure.
    await publish(topic, range(0, 15));
    await waitFor(
      () => log.of('end').length,
      (ended) => ended === 15,
      { what: 'the first 15 events handled' },
    );
    await publish(topic, range(15, 30));
    await waitFor(
      () => log.of('end').length,
      (ended) => ended === 30,
      { what: '30 events handled' },
    );
    await waitFor(
      () => committed(groupId, topic.name),
      (offset) => offset === '30',
      { what: 'offset 30 committed' },
    );

    expect(handledInOrder(log)).toEqual(inTurn(range(0, 30)));
    expect(
      handling(log).filter((step) => step.offset !== String(step.sequence) || step.attempt !== 1),
    ).toEqual([]);

    const batchFirsts = service.batches.map((batch) => Number(batch.firstOffset));
    expect(batchFirsts).toEqual(expect.arrayContaining([0, 15]));
    expect(
      service.batches.flatMap((batch) =>
        range(Number(batch.firstOffset), Number(batch.lastOffset) + 1),
      ),
    ).toEqual(range(0, 30));

    // Every event but the first of a batch was shown to the lookahead, once, in order, as attempt 0.
    const ahead = log.of('ahead');
    expect(ahead.map((step) => step.sequence)).toEqual(
      range(0, 30).filter((sequence) => !batchFirsts.includes(sequence)),
    );
    expect(
      ahead.filter((step) => step.offset !== String(step.sequence) || step.attempt !== 0),
    ).toEqual([]);
    // One turn early, not more: after the event two before it was done, before the one before it was.
    const outOfTurn = ahead
      .map((step) => step.sequence)
      .filter((sequence) => {
        const at = log.indexOf('ahead', sequence);
        return !(log.indexOf('end', sequence - 2) < at && at < log.indexOf('end', sequence - 1));
      });
    expect(outOfTurn).toEqual([]);
  });

  it('runs the lookahead of the next event while the current one is handled, not before or after it', async () => {
    const topic = await newTopic();
    const groupId = `${topic.name}.group`;
    const log = newLog();
    // 1..4 finish only once the next event's lookahead has started, and each lookahead goes on only
    // once the handler before it has started: run one after the other, either way round, they stall.
    await publish(topic, range(0, 6), (sequence) =>
      sequence >= 1 && sequence <= 4 ? 'rendezvous' : 'ok',
    );
    const service = await start({ topic, groupId, probe: log });

    await waitFor(
      () => log.of('end').length,
      (ended) => ended === 6,
      { what: '6 events handled, each waiting on the next one’s lookahead' },
    );
    expect(service.batches).toEqual([{ firstOffset: '0', lastOffset: '5' }]);
    expect(handledInOrder(log)).toEqual(inTurn(range(0, 6)));
    // The two calls overlap: each began before the other ended.
    const apart = range(1, 5).filter(
      (sequence) =>
        !(
          log.indexOf('ahead', sequence + 1) < log.indexOf('end', sequence) &&
          log.indexOf('start', sequence) < log.indexOf('ahead-end', sequence + 1)
        ),
    );
    expect(apart).toEqual([]);
  });

  it('dead-letters a poison event, handles the rest in order and commits each only after it is done, across a restart', async () => {
    const topic = await newTopic();
    const groupId = `${topic.name}.group`;
    const log = newLog();
    const behaviours: Record<number, Behaviour> = { 3: 'ahead-fails', 7: 'poison', 12: 'hold' };
    const envelopes = await publish(
      topic,
      range(0, 20),
      (sequence) => behaviours[sequence] ?? 'ok',
    );
    const startedAt = new Date();
    const first = await start({ topic, groupId, probe: log });

    await waitFor(
      () => log.indexOf('start', 12),
      (index) => index >= 0,
      { what: 'event 12 in hand' },
    );
    // Everything before 12 is committed, 12 itself is not: a commit follows its handler.
    expect(await committed(groupId, topic.name)).toBe('12');
    expect(log.of('start').map((step) => step.sequence)).toEqual(range(0, 13));

    // close() marks the server closing at once, so 12 is the last event this consumer handles.
    const draining = first.server.close();
    log.release(12);
    await settled(draining, 'the first consumer to drain');
    await settled(first.stop(), 'the first consumer to stop');
    expect(await committed(groupId, topic.name)).toBe('13');
    expect(handledInOrder(log).slice(-2)).toEqual(['start 12', 'end 12']);

    await start({ topic, groupId, probe: log });
    await waitFor(
      () => committed(groupId, topic.name),
      (offset) => offset === '20',
      { what: 'offset 20 committed after the restart' },
    );

    // Across both consumers: each event started once, in order, on its first attempt; the poison
    // one never ended (dead-lettered, not retried), the failed lookaheads changed nothing.
    const started = log.of('start');
    expect(started.map((step) => step.sequence)).toEqual(range(0, 20));
    expect(started.filter((step) => step.attempt !== 1)).toEqual([]);
    expect(log.of('end').map((step) => step.sequence)).toEqual(
      range(0, 20).filter((sequence) => sequence !== 7),
    );

    const letters = await readDeadLetters(
      kafka,
      `${topic.name}.dlq`,
      (arrived) => arrived.length >= 1,
    );
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect(letter.value).toBe(encodeEnvelope(envelopes[7]).toString());
    expect(letter.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.code]: ErrorCode.InvalidPayload,
      [DEAD_LETTER_HEADERS.message]: 'probe 7 is poison',
      [DEAD_LETTER_HEADERS.sourceTopic]: topic.name,
      [DEAD_LETTER_HEADERS.sourcePartition]: '0',
      [DEAD_LETTER_HEADERS.sourceOffset]: '7',
      [DEAD_LETTER_HEADERS.consumerGroup]: groupId,
      [DEAD_LETTER_HEADERS.attempts]: '1',
      // The original headers travel with it.
      'x-it-origin': 'lookahead-spec',
      'x-event-type': probeRecorded.type,
      'x-correlation-id': envelopes[7].correlationId,
    });
    const failedAt = new Date(letter.headers[DEAD_LETTER_HEADERS.failedAt] ?? '');
    expect(failedAt.getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
    expect(failedAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  // subscription-check.spec.ts covers the rules; this proves the server applies them to the
  // patterns Nest registers, before it joins any group.
  it('refuses to start with a lookahead on an unsubscribed topic, or a lookahead without a handler', async () => {
    const topic = probeTopic(`${uniqueName('it.lookahead').replace(/-/g, '.')}.v1`);
    const other = `${topic.name}.other`;
    const groupId = `${topic.name}.group`;
    const refusal = (options: Partial<ProbeServerOptions>): Promise<unknown> =>
      start({ topic, groupId, probe: newLog(), ...options }).then(
        () => new Error('started'),
        (error: unknown) => error,
      );

    const unsubscribed = await refusal({ looksAheadOn: [other] });
    expect(unsubscribed).toBeInstanceOf(SubscriptionMismatchError);
    expect((unsubscribed as Error).message).toContain(
      `looks ahead on ${other} but does not subscribe to it`,
    );

    const alone = await refusal({ handles: [] });
    expect(alone).toBeInstanceOf(SubscriptionMismatchError);
    expect((alone as Error).message).toContain(
      `subscribes to ${topic.name} but has no @EventPattern('${topic.name}') handler`,
    );
  });
});
