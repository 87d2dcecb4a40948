import { Inject, Injectable } from '@nestjs/common';
import { deliveryAttempted, ErrorCode, newEnvelope, TOPICS } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { Clock } from '@sightline/service-kit';
import type { RaisedAlert } from './alert-event';
import { classifyResponse, type AttemptResult } from './attempt-result';
import type { Delivery } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { Jitter } from './jitter';
import { NotifyMetrics } from './notify-metrics';
import { parseRetryAfterMs, retryDelayMs } from './retry-delay';
import { Sleeper } from './sleeper';
import { webhookBodyOf } from './webhook-body';
import { WebhookHttpClient, WebhookTransportError } from './webhook-http-client';
import { WEBHOOK_POLICY, type WebhookPolicy } from './webhook-policy';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';
import { displayTargetOf, idempotencyKeyOf } from './webhook-target';

export const IDEMPOTENCY_KEY_HEADER = 'x-sightline-idempotency-key';
export const ATTEMPT_HEADER = 'x-sightline-delivery-attempt';

/** How delivering one alert to one endpoint ended. */
export type WebhookDeliveryResult =
  | {
      readonly outcome: 'delivered' | 'already-delivered' | 'already-dead-lettered';
      readonly target: string;
      readonly idempotencyKey: string;
    }
  | {
      readonly outcome: 'dead-lettered';
      readonly target: string;
      readonly idempotencyKey: string;
      readonly attempts: number;
      /** Why it was given up, for the dead letter's headers. */
      readonly code: ErrorCode;
      readonly error: string;
    };

/**
 * Delivers one alert to one webhook: signed POST, retried with backoff on network errors,
 * timeouts, 5xx, 408 and 429, given up at once on other statuses. Every attempt is recorded in
 * `deliveries` and published on deliveries.v1. A redelivered alert continues from the record:
 * an endpoint that has the alert (or whose dead letter was written) is not sent it again.
 */
@Injectable()
export class DeliverToWebhookUseCase {
  constructor(
    @Inject(WEBHOOK_POLICY) private readonly policy: WebhookPolicy,
    @Inject(WebhookHttpClient) private readonly http: WebhookHttpClient,
    @Inject(DeliveryRepository) private readonly deliveries: DeliveryRepository,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(NotifyMetrics) private readonly metrics: NotifyMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Sleeper) private readonly sleeper: Sleeper,
    @Inject(Jitter) private readonly jitter: Jitter,
  ) {}

  async execute(
    alert: RaisedAlert,
    correlationId: string,
    url: string,
  ): Promise<WebhookDeliveryResult> {
    const alertId = alert.alertId;
    const idempotencyKey = idempotencyKeyOf(alertId, url);
    const target = displayTargetOf(url);
    const previous = await this.deliveries.findById(idempotencyKey);
    if (previous?.status === 'delivered') {
      return { outcome: 'already-delivered', target, idempotencyKey };
    }
    if (previous?.status === 'dead-lettered') {
      return { outcome: 'already-dead-lettered', target, idempotencyKey };
    }

    const body = webhookBodyOf(alert);
    const started = this.clock.now().getTime();
    const first = (previous?.attempts ?? 0) + 1;
    // A crash between the last attempt and its record still earns the alert one more try.
    const last = Math.max(this.policy.maxAttempts, first);
    const record = (fields: Pick<Delivery, 'status' | 'attempts'> & { lastError?: string }) =>
      this.deliveries.record({
        id: idempotencyKey,
        alertId,
        channel: 'webhook',
        target,
        ...fields,
        updatedAt: this.clock.now(),
      });

    for (let attempt = first; ; attempt += 1) {
      const attemptStarted = this.clock.now().getTime();
      const result = await this.attempt(url, body, idempotencyKey, attempt);
      const seconds = (this.clock.now().getTime() - attemptStarted) / 1_000;

      if (result.kind === 'delivered') {
        await record({ status: 'delivered', attempts: attempt });
        await this.published(
          { alert, correlationId },
          target,
          idempotencyKey,
          attempt,
          'delivered',
          seconds,
        );
        return { outcome: 'delivered', target, idempotencyKey };
      }

      const delayMs = this.nextDelayMs(result, attempt, last, started);
      if (delayMs === undefined) {
        await record({ status: 'dead-lettered', attempts: attempt, lastError: result.error });
        await this.published(
          { alert, correlationId },
          target,
          idempotencyKey,
          attempt,
          'dead-lettered',
          seconds,
        );
        return {
          outcome: 'dead-lettered',
          target,
          idempotencyKey,
          attempts: attempt,
          code:
            result.kind === 'permanent'
              ? ErrorCode.InvalidArgument
              : ErrorCode.DependencyUnavailable,
          error:
            result.kind === 'permanent'
              ? `${target} refused the alert: ${result.error}`
              : `${target} did not take the alert after ${attempt} attempt(s): ${result.error}`,
        };
      }
      await record({ status: 'retrying', attempts: attempt, lastError: result.error });
      await this.published(
        { alert, correlationId },
        target,
        idempotencyKey,
        attempt,
        'failed',
        seconds,
      );
      await this.sleeper.sleep(delayMs);
    }
  }

  private async attempt(
    url: string,
    body: string,
    idempotencyKey: string,
    attempt: number,
  ): Promise<AttemptResult> {
    // Signed per attempt: the timestamp says when this request was sent, not when the alert was.
    const unixSeconds = Math.floor(this.clock.now().getTime() / 1_000);
    const headers = {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signWebhook(this.policy.secret, body, unixSeconds),
      [IDEMPOTENCY_KEY_HEADER]: idempotencyKey,
      [ATTEMPT_HEADER]: String(attempt),
    };
    try {
      return classifyResponse(await this.http.post(url, body, headers, this.policy.timeoutMs));
    } catch (error) {
      if (error instanceof WebhookTransportError) {
        return { kind: 'retryable', error: error.message, retryAfter: null };
      }
      throw error;
    }
  }

  /** The wait before the next attempt, or undefined when there must be none. */
  private nextDelayMs(
    result: Exclude<AttemptResult, { kind: 'delivered' }>,
    attempt: number,
    last: number,
    started: number,
  ): number | undefined {
    if (result.kind === 'permanent' || attempt >= last) return undefined;
    const now = this.clock.now();
    const delayMs = retryDelayMs(
      attempt,
      this.policy,
      this.jitter.next(),
      parseRetryAfterMs(result.retryAfter, now),
    );
    const elapsed = now.getTime() - started;
    return elapsed + delayMs + this.policy.timeoutMs > this.policy.budgetMs ? undefined : delayMs;
  }

  private async published(
    { alert, correlationId }: { readonly alert: RaisedAlert; readonly correlationId: string },
    target: string,
    idempotencyKey: string,
    attempt: number,
    outcome: 'delivered' | 'failed' | 'dead-lettered',
    seconds: number,
  ): Promise<void> {
    const payload = {
      alertId: alert.alertId,
      channel: 'webhook' as const,
      target,
      idempotencyKey,
      attempt,
      outcome,
    };
    this.metrics.attempted(payload, seconds);
    await this.publisher.publish(TOPICS.deliveries, [
      newEnvelope(deliveryAttempted, payload, {
        source: 'notify',
        correlationId,
        cameraId: alert.cameraId,
        occurredAt: this.clock.now(),
      }),
    ]);
  }
}
