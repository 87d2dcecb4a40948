import type { KafkaConfig, RetryConfig } from '@sightline/config';
import {
  decodeEnvelope,
  deadLetterTopicName,
  toDomainError,
  type ContractRegistry,
  type DomainError,
  type EventEnvelope,
} from '@sightline/contracts';
import { correlationContext, type Logger, type ServiceMetrics } from '@sightline/observability';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, EachMessagePayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { randomUUID } from 'node:crypto';
import { deadLetterHeaders } from './dead-letter-headers';
import type { EventPublisher } from './event-publisher';
import { KafkaEventContext } from './kafka-event-context';
import { lookaheadPattern } from './lookahead';
import { ReplayCursor } from './replay-cursor';
import { ReplayProgress } from './replay-progress';
import type { PartitionEnds, ReplayPosition, ReplayStartPoint } from './replay-position';
import { nextStepAfterFailure } from './retry-policy';
import { subscriptionProblems } from './subscription-check';

export interface KafkaEventServerOptions {
  readonly kafka: Kafka;
  readonly config: KafkaConfig;
  readonly retry: RetryConfig;
  readonly registry: ContractRegistry;
  /** Topics shared by the consumer group: each event goes to one replica. */
  readonly subscriptions: readonly string[];
  /**
   * Topics every replica reads whole, from the beginning, at every start (galleries): each replica
   * builds its own in-memory projection, so these use a fresh group per process and never share.
   */
  readonly replays?: readonly string[];
  /** Where the replay may resume instead of the beginning (a snapshot the service restored). */
  readonly replayFrom?: ReplayStartPoint;
  readonly publisher: EventPublisher;
  readonly metrics: ServiceMetrics;
  readonly logger: Logger;
  readonly partitionsConsumedConcurrently?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class SubscriptionMismatchError extends Error {
  constructor(problems: readonly string[]) {
    super(`Event handlers do not match subscriptions:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SubscriptionMismatchError';
  }
}

type HandlingResult =
  | { readonly outcome: 'success' | 'retried' }
  | { readonly outcome: 'failed'; readonly error: DomainError; readonly attempts: number };

/** Fetch size per partition where a lookahead runs: a few dozen 720p frames. */
const LOOKAHEAD_MAX_BYTES_PER_PARTITION = 8 * 1024 * 1024;

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Nest transport over kafkajs with the delivery rules the mesh depends on:
 * - an offset is committed only after its handler succeeded or the message was dead-lettered,
 *   so a crash re-delivers rather than loses (projections are idempotent by event id);
 * - failures are retried within a bounded budget, then go to `<topic>.dlq` with error headers,
 *   and the partition moves on;
 * - start-up fails when handlers and subscriptions disagree;
 * - close() stops fetching, lets the in-flight message finish and commit, then leaves the group;
 * - a topic with a lookahead handler (lookaheadPattern) shows it each event while the event
 *   before it is handled; handling, commits and retries stay one event at a time, in order.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private readonly consumers: {
    consumer: Consumer;
    topics: readonly string[];
    joined: boolean;
  }[] = [];
  private replayProgress?: ReplayProgress;
  private replayCursor = new ReplayCursor();
  private closing = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** True once every consumer has joined its group and until one crashes or stops: part of /readyz. */
  isJoined(): boolean {
    return this.consumers.length > 0 && this.consumers.every((entry) => entry.joined);
  }

  /** For replayed topics: whether every event present at start-up has been applied. */
  replayState(): { caughtUp: boolean; detail: string } {
    const progress = this.replayProgress;
    return progress
      ? { caughtUp: progress.caughtUp(), detail: progress.describe() }
      : { caughtUp: true, detail: 'no replayed topics' };
  }

  on(): never {
    throw new Error('KafkaEventServer does not expose broker events');
  }

  unwrap<T>(): T {
    return this.consumers.map((entry) => entry.consumer) as T;
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    const consumers = this.consumers.splice(0);
    if (consumers.length === 0) return;
    // kafkajs' stop() can leave the group before the message being handled has committed, so the
    // drain is ours: pause fetching, let in-flight messages finish and commit, then leave.
    this.closing = true;
    for (const { consumer, topics } of consumers)
      consumer.pause(topics.map((topic) => ({ topic })));
    await Promise.allSettled([...this.inFlight]);
    for (const { consumer } of consumers) {
      await consumer.stop();
      await consumer.disconnect();
    }
  }

  /** Only @EventPattern handlers belong to Kafka; the same controllers may also hold @GrpcMethod handlers. */
  private eventPatterns(): string[] {
    return [...this.messageHandlers]
      .filter(([, handler]) => handler.isEventHandler === true)
      .map(([pattern]) => pattern);
  }

  private async start(): Promise<void> {
    const { subscriptions, registry, config } = this.options;
    const replays = this.options.replays ?? [];
    const problems = subscriptionProblems(
      [...subscriptions, ...replays],
      this.eventPatterns(),
      registry,
    );
    if (problems.length > 0) throw new SubscriptionMismatchError(problems);
    if (replays.length > 0) {
      const ends = await this.partitionEnds(replays);
      const from = (await this.options.replayFrom?.(ends)) ?? [];
      this.replayProgress = new ReplayProgress(ends);
      for (const position of from) {
        this.replayProgress.applied(
          position.topic,
          position.partition,
          (BigInt(position.offset) - 1n).toString(),
        );
      }
      this.replayCursor = new ReplayCursor(from);
      const groupId = `${config.groupId}.replay.${randomUUID()}`;
      // Committed before the consumer exists, so its very first fetch starts there: a seek after
      // run() races the first fetch, and re-applying old events over a snapshot could resurrect a
      // template removed later.
      await this.commitStart(groupId, from);
      await this.startConsumer(groupId, replays, { commits: false });
      if (from.length > 0) this.options.logger.info({ from }, 'replay resumes from a snapshot');
    }
    if (subscriptions.length > 0)
      await this.startConsumer(config.groupId, subscriptions, { commits: true });
  }

  private async partitionEnds(topics: readonly string[]): Promise<PartitionEnds[]> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const offsets = await Promise.all(
        topics.map(async (topic) =>
          (await admin.fetchTopicOffsets(topic)).map(({ partition, high, low }) => ({
            topic,
            partition,
            high,
            low,
          })),
        ),
      );
      return offsets.flat();
    } finally {
      await admin.disconnect();
    }
  }

  private async commitStart(groupId: string, from: readonly ReplayPosition[]): Promise<void> {
    if (from.length === 0) return;
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      for (const topic of new Set(from.map((position) => position.topic))) {
        await admin.setOffsets({
          groupId,
          topic,
          partitions: from
            .filter((position) => position.topic === topic)
            .map(({ partition, offset }) => ({ partition, offset })),
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * `commits: false` for a replay: its group is new at every start and read whole, so a commit per
   * event would only cost a broker round trip each (minutes over a million events); the replay
   * cursor instead skips what a rebalance would make it read again.
   */
  private async startConsumer(
    groupId: string,
    topics: readonly string[],
    { commits }: { commits: boolean },
  ): Promise<void> {
    const { kafka, logger } = this.options;
    const looksAhead = topics.some((topic) => this.messageHandlers.has(lookaheadPattern(topic)));
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 30_000,
      rebalanceTimeout: 60_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
      retry: { retries: 10 },
      // The lookahead stops at the end of a batch; kafkajs' 1 MiB would end one every few frames.
      ...(looksAhead ? { maxBytesPerPartition: LOOKAHEAD_MAX_BYTES_PER_PARTITION } : {}),
    });
    const entry = { consumer, topics, joined: false };
    consumer.on(consumer.events.GROUP_JOIN, () => {
      entry.joined = true;
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      entry.joined = false;
      logger.error({ err: payload.error, restart: payload.restart, groupId }, 'consumer crashed');
    });
    consumer.on(consumer.events.STOP, () => {
      entry.joined = false;
    });
    // After every batch: how far behind the partition's end this group still is (the autoscaler's
    // and the lag alert's signal).
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      this.options.metrics.consumerLag.set(
        { group: groupId, topic: payload.topic, partition: String(payload.partition) },
        Number(payload.offsetLag),
      );
    });
    this.consumers.push(entry);
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const partitionsConsumedConcurrently = this.options.partitionsConsumedConcurrently ?? 1;
    if (looksAhead) {
      // Batches, to see the next message; offsets are resolved one by one, as eachMessage does.
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently,
        eachBatch: (payload) => this.handleBatch(consumer, payload, commits),
      });
      return;
    }
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently,
      eachMessage: (payload) => this.track(this.handleMessage(consumer, payload, commits)),
    });
  }

  /** eachMessage over a batch, with each message shown to the lookahead handler one turn early. */
  private async handleBatch(
    consumer: Consumer,
    { batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload,
    commits: boolean,
  ): Promise<void> {
    const { topic, partition, messages } = batch;
    for (const [index, message] of messages.entries()) {
      if (!isRunning() || isStale() || this.closing) return;
      const next = messages[index + 1];
      if (next) this.lookAhead(topic, partition, next);
      await this.track(
        this.handleMessage(consumer, { topic, partition, message, heartbeat, pause }, commits),
      );
      resolveOffset(message.offset);
      await heartbeat();
    }
  }

  /**
   * Fire and forget, but tracked so close() waits for it (it may be using resources the service
   * releases at shutdown). An event that does not decode is left to its turn, which dead-letters it.
   */
  private lookAhead(topic: string, partition: number, message: KafkaMessage): void {
    const handler = this.messageHandlers.get(lookaheadPattern(topic));
    if (!handler) return;
    let envelope: EventEnvelope;
    try {
      envelope = decodeEnvelope(message.value, this.options.registry);
    } catch {
      return;
    }
    const scope = {
      correlationId: envelope.correlationId,
      eventId: envelope.id,
      topic,
      cameraId: envelope.cameraId,
    };
    const work = correlationContext.run(scope, async () => {
      const context = new KafkaEventContext([topic, partition, message.offset, envelope, 0]);
      await lastValueFrom(this.transformToObservable(await handler(envelope, context)), {
        defaultValue: undefined,
      });
    });
    void this.track(
      work.catch((error: unknown) => {
        this.options.logger.warn({ err: error, topic, offset: message.offset }, 'lookahead failed');
      }),
    );
  }

  private async track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async handleMessage(
    consumer: Consumer,
    { topic, partition, message }: EachMessagePayload,
    commits: boolean,
  ): Promise<void> {
    // Fetched before the pause took effect: left uncommitted, so the next owner of the partition gets it.
    if (this.closing) return;
    if (!commits && this.replayCursor.isApplied(topic, partition, message.offset)) return;
    const started = process.hrtime.bigint();
    const { eventType, result } = await this.decodeAndHandle(
      topic,
      partition,
      message.offset,
      message.value,
    );
    if (result.outcome === 'failed') {
      await this.deadLetter(topic, partition, message, result.error, result.attempts);
    }
    if (commits) {
      await consumer.commitOffsets([
        { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
      ]);
    } else {
      this.replayCursor.markApplied(topic, partition, message.offset);
    }
    this.replayProgress?.applied(topic, partition, message.offset);
    const labels = {
      topic,
      event_type: eventType,
      outcome: result.outcome === 'failed' ? 'dead-lettered' : result.outcome,
    };
    this.options.metrics.handledMessages.inc(labels);
    this.options.metrics.handlerDuration.observe(
      labels,
      Number(process.hrtime.bigint() - started) / 1e9,
    );
  }

  private async decodeAndHandle(
    topic: string,
    partition: number,
    offset: string,
    value: Buffer | null,
  ): Promise<{ eventType: string; result: HandlingResult }> {
    let envelope: EventEnvelope;
    try {
      envelope = decodeEnvelope(value, this.options.registry);
    } catch (error) {
      // Bad input never improves, so it is dead-lettered on the first attempt.
      return {
        eventType: 'undecodable',
        result: { outcome: 'failed', error: toDomainError(error), attempts: 1 },
      };
    }
    const scope = {
      correlationId: envelope.correlationId,
      eventId: envelope.id,
      topic,
      cameraId: envelope.cameraId,
    };
    const result = await correlationContext.run(scope, () =>
      this.handleWithRetries(topic, partition, offset, envelope),
    );
    return { eventType: envelope.type, result };
  }

  private async handleWithRetries(
    topic: string,
    partition: number,
    offset: string,
    envelope: EventEnvelope,
  ): Promise<HandlingResult> {
    const handler = this.messageHandlers.get(topic);
    if (!handler) throw new Error(`No handler for ${topic}`);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const context = new KafkaEventContext([topic, partition, offset, envelope, attempt]);
        await lastValueFrom(this.transformToObservable(await handler(envelope, context)), {
          defaultValue: undefined,
        });
        return { outcome: attempt === 1 ? 'success' : 'retried' };
      } catch (caught) {
        const error = toDomainError(caught);
        const step = nextStepAfterFailure(error.code, attempt, this.options.retry);
        if (step.action === 'dead-letter') return { outcome: 'failed', error, attempts: attempt };
        this.options.metrics.handlerRetries.inc({ topic, code: error.code });
        this.options.logger.warn(
          { err: error, attempt, delayMs: step.delayMs },
          'handler failed; retrying',
        );
        await this.sleep(step.delayMs);
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: Pick<EachMessagePayload['message'], 'key' | 'value' | 'offset' | 'headers'>,
    error: DomainError,
    attempts: number,
  ): Promise<void> {
    const headers = deadLetterHeaders(
      error,
      {
        topic,
        partition,
        offset: message.offset,
        groupId: this.options.config.groupId,
        attempts,
        failedAt: new Date(),
      },
      message.headers ?? {},
    );
    await this.options.publisher.publishRaw(deadLetterTopicName(topic), [
      { key: message.key, value: message.value, headers },
    ]);
    this.options.metrics.deadLetters.inc({ topic, code: error.code });
    this.options.logger.error(
      { err: error, code: error.code, topic, partition, offset: message.offset, attempts },
      'message dead-lettered',
    );
  }
}
