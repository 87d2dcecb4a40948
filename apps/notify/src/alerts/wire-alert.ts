import { assertUnreachable } from '@sightline/contracts';
import { alertsV1 } from '@sightline/proto';
import type { RaisedAlert } from './alert-event';

/** proto-loader's object form of alertsV1.Alert: enums as numbers, Timestamp as seconds and nanos. */
export interface WireAlert {
  readonly idempotencyKey: string;
  readonly alertId: string;
  readonly cameraId: string;
  readonly trackId: string;
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly score: number;
  readonly status: alertsV1.AlertStatus;
  readonly raisedAt: { readonly seconds: number; readonly nanos: number };
  readonly faceId: string;
  readonly evidenceId: string;
  readonly photoReference: string;
  readonly reviewMode: alertsV1.ReviewMode;
}

/** The alert as the stream sends it; the alert id is its idempotency key. */
export function toWireAlert(alert: RaisedAlert): WireAlert {
  const raisedAt = Date.parse(alert.raisedAt);
  return {
    idempotencyKey: alert.alertId,
    alertId: alert.alertId,
    cameraId: alert.cameraId,
    trackId: alert.trackId,
    watchlistId: alert.watchlistId,
    subjectId: alert.subjectId,
    score: alert.score,
    status: wireStatusOf(alert.status),
    raisedAt: { seconds: Math.floor(raisedAt / 1_000), nanos: (raisedAt % 1_000) * 1e6 },
    faceId: alert.faceId,
    evidenceId: alert.evidenceId,
    photoReference: alert.photoReference,
    reviewMode: wireReviewModeOf(alert.reviewMode),
  };
}

function wireStatusOf(value: RaisedAlert['status']): alertsV1.AlertStatus {
  switch (value) {
    case 'pending_review':
      return alertsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW;
    case 'confirmed':
      return alertsV1.AlertStatus.ALERT_STATUS_CONFIRMED;
    case 'dismissed':
      return alertsV1.AlertStatus.ALERT_STATUS_DISMISSED;
    case 'escalated':
      return alertsV1.AlertStatus.ALERT_STATUS_ESCALATED;
    default:
      return assertUnreachable(value);
  }
}

function wireReviewModeOf(value: RaisedAlert['reviewMode']): alertsV1.ReviewMode {
  switch (value) {
    case 'single':
      return alertsV1.ReviewMode.REVIEW_MODE_SINGLE;
    case 'two-person':
      return alertsV1.ReviewMode.REVIEW_MODE_TWO_PERSON;
    default:
      return assertUnreachable(value);
  }
}
