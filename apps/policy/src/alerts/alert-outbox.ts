import { Inject, Injectable } from '@nestjs/common';
import { assertUnreachable, TOPICS, type TopicDefinition } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import type { Alert, OutboxEvent } from './alert.entity';
import { AlertRepository } from './alert.repository';

/** Publishes what a review wrote into an alert's outbox, then empties it. */
@Injectable()
export class AlertOutbox {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
  ) {}

  /** `alert` as written, i.e. with its outbox and the revision of that write. */
  async flush(alert: Pick<Alert, 'id' | 'revision' | 'outbox'>): Promise<void> {
    if (alert.outbox.length === 0) return;
    // The alert's event first: an audited decision that is not on the log would be worse than a
    // decision on the log whose audit record is still in the outbox.
    for (const topic of ['alerts.v1', 'audit.v1'] as const) {
      const envelopes = alert.outbox.filter((event) => event.topic === topic);
      if (envelopes.length > 0) {
        await this.publisher.publish(
          topicNamed(topic),
          envelopes.map((event) => event.envelope),
        );
      }
    }
    await this.alerts.clearOutbox(alert.id, alert.revision);
  }
}

function topicNamed(name: OutboxEvent['topic']): TopicDefinition {
  switch (name) {
    case 'alerts.v1':
      return TOPICS.alerts;
    case 'audit.v1':
      return TOPICS.audit;
    default:
      return assertUnreachable(name);
  }
}
