// A service that subscribes to a topic it has no handler for: bootstrapService must refuse to start.
import { Module } from '@nestjs/common';
import { runService } from './bootstrap-service';
import { ledgerTopic } from './ledger-topic.fixture';

@Module({})
class EmptyModule {}

runService({
  name: 'unhandled',
  module: EmptyModule,
  subscribes: [ledgerTopic(process.env['LEDGER_TOPIC'] ?? 'it.ledger.v1')],
  publishes: [],
  usesMongo: false,
});
