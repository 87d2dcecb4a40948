import {
  alertEscalated,
  alertRaised,
  alertReviewed,
  DomainError,
  ErrorCode,
  type EventEnvelope,
  type PayloadOf,
} from '@sightline/contracts';

export type RaisedAlert = PayloadOf<typeof alertRaised>;
export type AlertRaisedEvent = EventEnvelope<typeof alertRaised.type, RaisedAlert>;
export type AlertReviewedEvent = EventEnvelope<
  typeof alertReviewed.type,
  PayloadOf<typeof alertReviewed>
>;

export type AlertEscalatedEvent = EventEnvelope<
  typeof alertEscalated.type,
  PayloadOf<typeof alertEscalated>
>;

/** The events of alerts.v1, as a union a switch can be exhaustive over. */
export type AlertEvent = AlertRaisedEvent | AlertReviewedEvent | AlertEscalatedEvent;

const ALERT_EVENT_TYPES: ReadonlySet<string> = new Set([
  alertRaised.type,
  alertReviewed.type,
  alertEscalated.type,
]);

/**
 * The transport has already validated the payload against the schema of its type, so only the
 * type needs narrowing here; anything else on alerts.v1 is a contract mismatch.
 */
export function asAlertEvent(envelope: EventEnvelope): AlertEvent {
  if (ALERT_EVENT_TYPES.has(envelope.type)) {
    return envelope as AlertEvent;
  }
  throw new DomainError(ErrorCode.UnknownEventType, `${envelope.type} does not belong on alerts`, {
    type: envelope.type,
  });
}
