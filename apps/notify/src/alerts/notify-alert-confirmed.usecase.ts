import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@sightline/service-kit';
import type { AlertRaisedEvent } from './alert-event';
import { AlertBroadcaster } from './alert-broadcaster';
import { AlertDeadLetters, type UndeliveredTarget } from './alert-dead-letters';
import { DeliverToWebhookUseCase, type WebhookDeliveryResult } from './deliver-to-webhook.usecase';
import type { MessageOrigin } from './message-origin';
import { SeenAlertRepository } from './seen-alert.repository';
import { WEBHOOK_POLICY, type WebhookPolicy } from './webhook-policy';

/**
 * A new alert: recorded once in `alerts_seen`, handed to live stream subscribers the first time
 * only, then delivered to every webhook at once, so a slow or broken endpoint delays no other.
 * Endpoints that never got it are dead-lettered one by one and the handler succeeds, so the
 * partition moves on.
 */
@Injectable()
export class NotifyAlertRaisedUseCase {
  constructor(
    @Inject(WEBHOOK_POLICY) private readonly policy: WebhookPolicy,
    @Inject(SeenAlertRepository) private readonly seenAlerts: SeenAlertRepository,
    @Inject(AlertBroadcaster) private readonly broadcaster: AlertBroadcaster,
    @Inject(DeliverToWebhookUseCase) private readonly deliverToWebhook: DeliverToWebhookUseCase,
    @Inject(AlertDeadLetters) private readonly deadLetters: AlertDeadLetters,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(event: AlertRaisedEvent, origin: MessageOrigin): Promise<WebhookDeliveryResult[]> {
    const { alertId, ...fields } = event.payload;
    const firstTime = await this.seenAlerts.insertIfAbsent({
      id: alertId,
      ...fields,
      eventId: event.id,
      seenAt: this.clock.now(),
    });
    if (firstTime) this.broadcaster.publish(event.payload);

    const settled = await Promise.allSettled(
      this.policy.urls.map((url) => this.deliverToWebhook.execute(event, url)),
    );
    const results = settled.flatMap((entry) => (entry.status === 'fulfilled' ? [entry.value] : []));
    await this.deadLetters.write(event, origin, results.flatMap(undeliveredOf));
    // Our own failure (database, broker), not an endpoint's: the transport retries the whole
    // alert, and the delivery records make endpoints that already have it skip the retry.
    const failure = settled.find((entry) => entry.status === 'rejected');
    if (failure) throw failure.reason;
    return results;
  }
}

function undeliveredOf(result: WebhookDeliveryResult): UndeliveredTarget[] {
  if (result.outcome !== 'dead-lettered') return [];
  const { target, idempotencyKey, attempts, code, error } = result;
  return [{ target, idempotencyKey, attempts, code, error }];
}
