import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import type { AlertReviewedEvent, RaisedAlert } from './alert-event';
import { AlertBroadcaster } from './alert-broadcaster';
import { AlertDeadLetters, type UndeliveredTarget } from './alert-dead-letters';
import { DeliverToWebhookUseCase, type WebhookDeliveryResult } from './deliver-to-webhook.usecase';
import type { MessageOrigin } from './message-origin';
import { SeenAlertRepository } from './seen-alert.repository';
import { WEBHOOK_POLICY, type WebhookPolicy } from './webhook-policy';

/**
 * A human confirmed an alert: now, and only now, it reaches the action channels. It is streamed
 * with its confirmed status (once, however often the confirmation is delivered), then delivered to every webhook at once, so a slow or broken endpoint
 * delays no other. Endpoints that never got it are dead-lettered one by one (with the review event,
 * so a redrive replays exactly this) and the handler succeeds, so the partition moves on.
 */
@Injectable()
export class NotifyAlertConfirmedUseCase {
  constructor(
    @Inject(WEBHOOK_POLICY) private readonly policy: WebhookPolicy,
    @Inject(SeenAlertRepository) private readonly seenAlerts: SeenAlertRepository,
    @Inject(AlertBroadcaster) private readonly broadcaster: AlertBroadcaster,
    @Inject(DeliverToWebhookUseCase) private readonly deliverToWebhook: DeliverToWebhookUseCase,
    @Inject(AlertDeadLetters) private readonly deadLetters: AlertDeadLetters,
  ) {}

  async execute(
    event: AlertReviewedEvent,
    origin: MessageOrigin,
  ): Promise<WebhookDeliveryResult[]> {
    const alert = await this.confirmedAlert(event);
    if (await this.seenAlerts.markConfirmed(alert.alertId, event.id)) {
      this.broadcaster.publish(alert);
    }
    const settled = await Promise.allSettled(
      this.policy.urls.map((url) => this.deliverToWebhook.execute(alert, event.correlationId, url)),
    );
    const results = settled.flatMap((entry) => (entry.status === 'fulfilled' ? [entry.value] : []));
    await this.deadLetters.write(event, origin, results.flatMap(undeliveredOf));
    // Our own failure (database, broker), not an endpoint's: the transport retries the whole
    // event, and the delivery records make endpoints that already have it skip the retry.
    const failure = settled.find((entry) => entry.status === 'rejected');
    if (failure) throw failure.reason;
    return results;
  }

  private async confirmedAlert(event: AlertReviewedEvent): Promise<RaisedAlert> {
    const seen = await this.seenAlerts.findById(event.payload.alertId);
    if (!seen) {
      // alertRaised precedes its review on the same partition, so this is a lost read model.
      throw new DomainError(
        ErrorCode.InvalidPayload,
        `alert ${event.payload.alertId} was confirmed but its alertRaised was never seen here`,
        { alertId: event.payload.alertId },
      );
    }
    const {
      id,
      eventId: _eventId,
      seenAt: _seenAt,
      confirmationEventId: _confirmationEventId,
      ...fields
    } = seen;
    return { ...fields, alertId: id, status: 'confirmed' };
  }
}

function undeliveredOf(result: WebhookDeliveryResult): UndeliveredTarget[] {
  if (result.outcome !== 'dead-lettered') return [];
  const { target, idempotencyKey, attempts, code, error } = result;
  return [{ target, idempotencyKey, attempts, code, error }];
}
