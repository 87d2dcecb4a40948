import type { RaisedAlert } from './alert-event';

/** Read model of the alerts notify has received (`alerts_seen`), keyed by alert id. */
export interface SeenAlert extends Omit<RaisedAlert, 'alertId'> {
  /** The alert id. */
  readonly id: string;
  readonly eventId: string;
  readonly seenAt: Date;
  /** The alertReviewed that confirmed it, once handled. */
  readonly confirmationEventId?: string;
}
