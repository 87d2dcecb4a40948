import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type EventEnvelope } from '@sightline/contracts';
import { KafkaEventContext } from '@sightline/messaging';
import { asAlertEvent } from './alert-event';
import { HandleAlertEventUseCase } from './handle-alert-event.usecase';

@Controller()
export class AlertsHandler {
  constructor(
    @Inject(HandleAlertEventUseCase) private readonly handleAlertEvent: HandleAlertEventUseCase,
  ) {}

  @EventPattern(TOPICS.alerts.name)
  async onAlertEvent(
    @Payload() event: EventEnvelope,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    await this.handleAlertEvent.execute(asAlertEvent(event), {
      topic: context.getTopic(),
      partition: context.getPartition(),
      offset: context.getOffset(),
    });
  }
}
