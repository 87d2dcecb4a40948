import type { alertRaised, EventEnvelope, PayloadOf } from '@sightline/contracts';

type AlertRaisedPayload = PayloadOf<typeof alertRaised>;
export type AlertStatus = AlertRaisedPayload['status'];
export type ReviewMode = AlertRaisedPayload['reviewMode'];

/** Read model of alerts: one per matched track. Holds references only, never the crop itself. */
export interface Alert {
  /** Derived from camera and track (see alertIdFor), so redelivery finds the same alert. */
  readonly id: string;
  readonly cameraId: string;
  readonly trackId: string;
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly score: number;
  readonly status: AlertStatus;
  readonly raisedAt: Date;
  readonly faceId: string;
  readonly evidenceId: string;
  readonly photoReference: string;
  readonly reviewMode: ReviewMode;
  /** The sightings.v1 event the alert came from. */
  readonly sightingEventId: string;
  /** Envelope id of the alertRaised event, reused when a redelivery has to publish it again. */
  readonly raisedEventId: string;
  readonly correlationId: string;
  /** Set once alertRaised is on alerts.v1; until then every redelivery publishes it (again). */
  readonly published: boolean;
  /** Who enrolled the matched subject; they may not review this alert. */
  readonly enrolledBy: string;
  /** When the subject was last seen in the alert's tracks; repeats within a window merge. */
  readonly lastSeenAt: Date;
  /** Later tracks of the same subject and camera folded into this alert. */
  readonly mergedTrackIds: readonly string[];
  /** Confirmations so far, in order; two-person review needs two different reviewers. */
  readonly confirmations: readonly AlertConfirmation[];
  readonly escalatedAt: Date | null;
  /** When the alert was confirmed or dismissed; null while open. */
  readonly decidedAt: Date | null;
  readonly dismissal: AlertDismissal | null;
  /** Bumped by every review write, which is conditional on it (no transactions in the store). */
  readonly revision: number;
  /**
   * Review and audit events written with the row but not yet on their topics (an outbox):
   * published right after the write and, should that fail, by the next review sweep.
   */
  readonly outbox: readonly OutboxEvent[];
}

export interface AlertConfirmation {
  readonly reviewerId: string;
  readonly reason: string;
  readonly at: Date;
}

export interface AlertDismissal {
  readonly reviewerId: string;
  readonly reason: string;
}

/** A complete envelope and its topic, so a republication is the very same event. */
export interface OutboxEvent {
  readonly topic: 'alerts.v1' | 'audit.v1';
  readonly envelope: EventEnvelope;
}
