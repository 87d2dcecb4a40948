import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import {
  auditRecorded,
  newEnvelope,
  TOPICS,
  type EventEnvelope,
  type PayloadOf,
} from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { Clock } from './clock';

/** What a service says happened; the trail stamps the time and the policy service chains it. */
export type AuditFact = Omit<PayloadOf<typeof auditRecorded>, 'at'>;

export interface AuditOptions {
  readonly correlationId?: string;
  /**
   * A deterministic event id (see derivedEventId) for facts recorded while handling a message, so
   * that a redelivery appends nothing: the chain keeps the first record of each event id.
   */
  readonly eventId?: string;
  readonly at?: Date;
}

export interface AuditOptions {
  readonly correlationId?: string;
  /**
   * A deterministic event id for facts recorded while handling a message, so that redelivery of
   * that message appends nothing: the chain keeps the first record of each event id.
   */
  readonly eventId?: string;
  readonly at?: Date;
}

/**
 * The one way a service adds to the tamper-evident audit log: it appends to audit.v1, and the
 * policy service seals each record into the hash chain in topic order. Awaited before the caller
 * answers, so no refusal or search goes unrecorded when the broker is down: the request fails.
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    @Inject(SIGHTLINE_CONFIG) private readonly config: SightlineConfig,
  ) {}

  async record(fact: AuditFact, options: AuditOptions = {}): Promise<void> {
    await this.publisher.publish(TOPICS.audit, [this.envelopeOf(fact, options)]);
  }

  /**
   * The audit event without publishing it, for callers that must write it in the same step as
   * their own state (an outbox) so that the decision and its audit cannot part.
   */
  envelopeOf(fact: AuditFact, options: AuditOptions = {}): EventEnvelope {
    const at = options.at ?? this.clock.now();
    const { correlationId, eventId } = options;
    const envelope = newEnvelope(
      auditRecorded,
      { ...fact, at: at.toISOString() },
      {
        source: this.config.service.name,
        occurredAt: at,
        ...(correlationId ? { correlationId } : {}),
      },
    );
    return eventId ? { ...envelope, id: eventId } : envelope;
  }
}
