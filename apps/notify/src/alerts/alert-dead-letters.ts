import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import {
  deadLetterTopicName,
  DomainError,
  encodeEnvelope,
  TOPICS,
  type ErrorCode,
} from '@sightline/contracts';
import { deadLetterHeaders, EventPublisher, partitionKeyOf } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import { Clock } from '@sightline/service-kit';
import type { AlertEvent } from './alert-event';
import type { MessageOrigin } from './message-origin';

export const DEAD_LETTER_TARGET_HEADER = 'x-dead-letter-target';
export const DEAD_LETTER_IDEMPOTENCY_KEY_HEADER = 'x-idempotency-key';

/** One endpoint that never got the alert. */
export interface UndeliveredTarget {
  readonly target: string;
  readonly idempotencyKey: string;
  readonly attempts: number;
  readonly code: ErrorCode;
  readonly error: string;
}

/**
 * Writes an alert to alerts.v1.dlq once per endpoint that never got it, with the headers the
 * consumer's own dead-lettering writes plus which endpoint it was for. Done here rather than by
 * throwing, because the other endpoints did get the alert and the partition must move on.
 * The value is the envelope re-encoded (handlers do not see the raw bytes); it decodes the same.
 */
@Injectable()
export class AlertDeadLetters {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(SIGHTLINE_CONFIG) private readonly config: SightlineConfig,
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async write(
    event: AlertEvent,
    origin: MessageOrigin,
    undelivered: readonly UndeliveredTarget[],
  ): Promise<void> {
    if (undelivered.length === 0) return;
    const key = partitionKeyOf(TOPICS.alerts, event);
    const value = encodeEnvelope(event);
    await this.publisher.publishRaw(
      deadLetterTopicName(origin.topic),
      undelivered.map((failure) => ({
        key,
        value,
        headers: {
          ...deadLetterHeaders(new DomainError(failure.code, failure.error), {
            ...origin,
            groupId: this.config.kafka.groupId,
            attempts: failure.attempts,
            failedAt: this.clock.now(),
          }),
          'x-event-type': event.type,
          'x-correlation-id': event.correlationId,
          [DEAD_LETTER_TARGET_HEADER]: failure.target,
          [DEAD_LETTER_IDEMPOTENCY_KEY_HEADER]: failure.idempotencyKey,
        },
      })),
    );
    for (const failure of undelivered) {
      this.metrics.deadLetters.inc({ topic: origin.topic, code: failure.code });
    }
  }
}
