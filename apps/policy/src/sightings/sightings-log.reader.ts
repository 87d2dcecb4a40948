import { Inject, Injectable } from '@nestjs/common';
import { ContractRegistry, decodeEnvelope, TOPICS, type EventEnvelope } from '@sightline/contracts';
import { ReplayProgress } from '@sightline/messaging';
import { KAFKA } from '@sightline/service-kit';
import type { Kafka } from 'kafkajs';
import { ulid } from 'ulid';

export interface LogReadStats {
  /** Messages read up to the end offsets found at the start. */
  readonly messages: number;
  /** Messages that do not decode; the live consumer dead-letters them, so a rebuild skips them too. */
  readonly undecodable: number;
}

/**
 * Reads sightings.v1 from the beginning up to the end offsets it finds at the start, in a fresh
 * consumer group of its own (deleted afterwards), so it never moves the live service's offsets.
 */
@Injectable()
export class SightingsLogReader {
  private readonly registry = new ContractRegistry([TOPICS.sightings]);

  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}

  async readAll(
    groupPrefix: string,
    onEvent: (event: EventEnvelope) => Promise<void>,
  ): Promise<LogReadStats> {
    const topic = TOPICS.sightings.name;
    const admin = this.kafka.admin();
    await admin.connect();
    const groupId = `${groupPrefix}.rebuild.${ulid().toLowerCase()}`;
    try {
      const ends = (await admin.fetchTopicOffsets(topic)).map((offsets) => ({
        topic,
        ...offsets,
      }));
      const progress = new ReplayProgress(ends);
      if (progress.caughtUp()) return { messages: 0, undecodable: 0 };
      const goal = new Map(ends.map((end) => [end.partition, BigInt(end.high)]));
      const stats = await this.consume(groupId, progress, goal, onEvent);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      return stats;
    } finally {
      await admin.disconnect();
    }
  }

  private async consume(
    groupId: string,
    progress: ReplayProgress,
    goal: ReadonlyMap<number, bigint>,
    onEvent: (event: EventEnvelope) => Promise<void>,
  ): Promise<LogReadStats> {
    const topic = TOPICS.sightings.name;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    let messages = 0;
    let undecodable = 0;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              // Events published after the start belong to the next rebuild, not this one.
              if (BigInt(message.offset) >= (goal.get(partition) ?? 0n)) return;
              messages += 1;
              let event: EventEnvelope | undefined;
              try {
                event = decodeEnvelope(message.value, this.registry);
              } catch {
                undecodable += 1;
              }
              try {
                if (event) await onEvent(event);
              } catch (error) {
                reject(error instanceof Error ? error : new Error(String(error)));
                return;
              }
              progress.applied(topic, partition, message.offset);
              if (progress.caughtUp()) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return { messages, undecodable };
  }
}
