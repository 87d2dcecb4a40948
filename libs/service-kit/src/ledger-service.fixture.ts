// A real Nest microservice built with bootstrapService, used by the delivery integration tests
// as the "other process". It projects ledger events into Mongo, idempotently by event id, and
// counts every handler invocation so the tests can tell deliveries from projected rows.
import { Controller, Inject, Injectable, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DomainError, ErrorCode, type EventEnvelope, type PayloadOf } from '@sightline/contracts';
import { BaseRepository, MongoConnection, type StoredDocument } from '@sightline/persistence';
import { Schema } from 'mongoose';
import { runService } from './bootstrap-service';
import { ledgerEntryRecorded, ledgerTopic } from './ledger-topic.fixture';

const topicName = process.env['LEDGER_TOPIC'] ?? 'it.ledger.v1';
const handlerDelayMs = Number(process.env['LEDGER_HANDLER_DELAY_MS'] ?? '0');

interface LedgerRow {
  readonly id: string;
  readonly sequence: number;
}

const ledgerSchema = new Schema<StoredDocument<LedgerRow>>(
  { _id: { type: String, required: true }, sequence: { type: Number, required: true } },
  { versionKey: false, _id: false },
);
const invocationSchema = new Schema({ _id: String, count: Number }, { versionKey: false });

@Injectable()
class LedgerRepository extends BaseRepository<LedgerRow> {
  constructor(@Inject(MongoConnection) private readonly mongo: MongoConnection) {
    super(mongo.model('LedgerRow', ledgerSchema, 'ledger'));
  }

  async countInvocation(eventId: string): Promise<void> {
    await this.mongo
      .model('LedgerInvocation', invocationSchema, 'ledger_invocations')
      .updateOne({ _id: eventId }, { $inc: { count: 1 } }, { upsert: true });
  }
}

@Controller()
class LedgerHandler {
  constructor(@Inject(LedgerRepository) private readonly ledger: LedgerRepository) {}

  @EventPattern(topicName)
  async onEntry(
    @Payload() event: EventEnvelope<string, PayloadOf<typeof ledgerEntryRecorded>>,
  ): Promise<void> {
    await this.ledger.countInvocation(event.id);
    if (event.payload.behaviour === 'always-fail') {
      throw new DomainError(
        ErrorCode.DependencyUnavailable,
        `entry ${event.payload.sequence} can never be applied`,
      );
    }
    if (handlerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, handlerDelayMs));
    await this.ledger.insertIfAbsent({ id: event.id, sequence: event.payload.sequence });
  }
}

@Module({ controllers: [LedgerHandler], providers: [LedgerRepository] })
class LedgerModule {}

runService({
  name: 'ledger',
  module: LedgerModule,
  subscribes: [ledgerTopic(topicName)],
  publishes: [],
  usesMongo: true,
});
