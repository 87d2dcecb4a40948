import type { alertRaised, PayloadOf } from '@sightline/contracts';

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
}
