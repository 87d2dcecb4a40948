// A KafkaEventServer inside a real Nest microservice, in the test's own process, so the lookahead
// integration spec can watch every handler call as it happens. Its handlers are the spec's probe;
// the broker, the Nest plumbing and the dead-letter publisher are the real ones.
import { Catch, Controller, Module, type RpcExceptionFilter, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { KafkaConfig } from '@sightline/config';
import {
  ContractRegistry,
  defineEvent,
  defineTopic,
  type EventEnvelope,
  type PayloadOf,
  type TopicDefinition,
} from '@sightline/contracts';
import { createLogger, ServiceMetrics } from '@sightline/observability';
import { testInfra, uniqueName } from '@sightline/testing';
import type { Consumer } from 'kafkajs';
import { throwError, type Observable } from 'rxjs';
import { z } from 'zod';
import { EventPublisher } from './event-publisher';
import { createKafkaClient } from './kafka-client.factory';
import { KafkaEventContext } from './kafka-event-context';
import { KafkaEventServer } from './kafka-event-server';
import { lookaheadPattern } from './lookahead';

/** A test-only event: `behaviour` tells the spec's probe what to do with it. */
export const probeRecorded = defineEvent({
  type: 'test.lookahead.probe-recorded',
  version: 1,
  schema: z.object({
    sequence: z.number().int().nonnegative(),
    behaviour: z.enum(['ok', 'poison', 'ahead-fails', 'rendezvous', 'hold']),
  }),
});

export type ProbeEnvelope = EventEnvelope<string, PayloadOf<typeof probeRecorded>>;

/** One partition, so offset order is the order the spec asserts. */
export function probeTopic(name: string): TopicDefinition {
  return defineTopic({
    name,
    description: 'Integration-test topic of the lookahead spec.',
    key: 'eventId',
    partitions: 1,
    retentionMs: 3_600_000,
    carriesBiometrics: false,
    events: [probeRecorded],
  });
}

export interface Probe {
  handle(event: ProbeEnvelope, context: KafkaEventContext): Promise<void>;
  lookAhead(event: ProbeEnvelope, context: KafkaEventContext): Promise<void>;
}

export interface ProbeServerOptions {
  readonly topic: TopicDefinition;
  readonly groupId: string;
  readonly probe: Probe;
  /** @EventPattern topics; the subscribed topic by default. */
  readonly handles?: readonly string[];
  /** Topics with a lookahead handler; the subscribed topic by default. */
  readonly looksAheadOn?: readonly string[];
}

/** A fetched batch as kafkajs announced it, to tell the last message of a batch from the others. */
export interface BatchSeen {
  readonly firstOffset: string;
  readonly lastOffset: string;
}

export interface ProbeServer {
  readonly server: KafkaEventServer;
  readonly batches: readonly BatchSeen[];
  /** Closes the microservice (the server's drain included); safe to call twice. */
  stop(): Promise<void>;
}

/** As service-kit's TransportExceptionFilter does for Kafka: the server needs the domain code. */
@Catch()
class KafkaErrorsPassThrough implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

function probeModule(
  handles: readonly string[],
  looksAheadOn: readonly string[],
  probe: Probe,
): Type<unknown> {
  @Controller()
  class ProbeHandler {
    @EventPattern([...handles])
    async onEvent(
      @Payload() event: ProbeEnvelope,
      @Ctx() context: KafkaEventContext,
    ): Promise<void> {
      await probe.handle(event, context);
    }

    @EventPattern(looksAheadOn.map(lookaheadPattern))
    async onEventAhead(
      @Payload() event: ProbeEnvelope,
      @Ctx() context: KafkaEventContext,
    ): Promise<void> {
      await probe.lookAhead(event, context);
    }
  }

  @Module({ controllers: [ProbeHandler] })
  class ProbeModule {}

  return ProbeModule;
}

let sharedMetrics: ServiceMetrics | undefined;

/** Starts the microservice and resolves once its consumer has joined the group. */
export async function startProbeServer(options: ProbeServerOptions): Promise<ProbeServer> {
  const { topic, groupId, probe } = options;
  const logger = createLogger({ service: 'it-lookahead', level: 'silent' });
  const config: KafkaConfig = {
    brokers: testInfra.kafkaBrokers,
    clientId: uniqueName('it-lookahead'),
    groupId,
    ssl: false,
    createTopics: false,
    replicationFactor: 1,
  };
  const kafka = createKafkaClient(config, logger);
  const publisher = new EventPublisher(kafka);
  await publisher.connect();
  sharedMetrics ??= new ServiceMetrics('it-lookahead');
  const server = new KafkaEventServer({
    kafka,
    config,
    retry: { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 },
    registry: new ContractRegistry([topic]),
    subscriptions: [topic.name],
    publisher,
    metrics: sharedMetrics,
    logger,
  });
  const app = await NestFactory.createMicroservice(
    probeModule(options.handles ?? [topic.name], options.looksAheadOn ?? [topic.name], probe),
    { strategy: server, logger: false, abortOnError: false },
  );
  app.useGlobalFilters(new KafkaErrorsPassThrough());
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await app.close();
      await publisher.disconnect();
    })());
  try {
    await app.listen();
  } catch (error) {
    await stop();
    throw error;
  }
  // Attached after the join: a spec that reads them publishes only once this has returned.
  const batches: BatchSeen[] = [];
  for (const consumer of server.unwrap<Consumer[]>()) {
    consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => {
      batches.push({ firstOffset: payload.firstOffset, lastOffset: payload.lastOffset });
    });
  }
  return { server, batches, stop };
}
