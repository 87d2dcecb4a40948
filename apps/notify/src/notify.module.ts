import { Module } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { AlertBroadcaster } from './alerts/alert-broadcaster';
import { AlertDeadLetters } from './alerts/alert-dead-letters';
import { AlertStreamController } from './alerts/alert-stream.controller';
import { AlertsHandler } from './alerts/alerts.handler';
import { DeliverToWebhookUseCase } from './alerts/deliver-to-webhook.usecase';
import { DeliveryRepository } from './alerts/delivery.repository';
import { HandleAlertEventUseCase } from './alerts/handle-alert-event.usecase';
import { Jitter } from './alerts/jitter';
import { NotifyAlertConfirmedUseCase } from './alerts/notify-alert-confirmed.usecase';
import { RecordRaisedAlertUseCase } from './alerts/record-raised-alert.usecase';
import { NotifyMetrics } from './alerts/notify-metrics';
import { SeenAlertRepository } from './alerts/seen-alert.repository';
import { Sleeper } from './alerts/sleeper';
import { WebhookHttpClient } from './alerts/webhook-http-client';
import { WEBHOOK_POLICY, webhookPolicyFrom } from './alerts/webhook-policy';

/** alerts.v1 to signed webhooks (deliveries.v1 records every attempt) and to the gRPC alert stream. */
@Module({
  controllers: [AlertsHandler, AlertStreamController],
  providers: [
    {
      provide: WEBHOOK_POLICY,
      inject: [SIGHTLINE_CONFIG],
      useFactory: (config: SightlineConfig) => webhookPolicyFrom(config),
    },
    NotifyMetrics,
    AlertBroadcaster,
    AlertDeadLetters,
    DeliveryRepository,
    SeenAlertRepository,
    WebhookHttpClient,
    Sleeper,
    Jitter,
    DeliverToWebhookUseCase,
    NotifyAlertConfirmedUseCase,
    RecordRaisedAlertUseCase,
    HandleAlertEventUseCase,
  ],
})
export class NotifyModule {}
