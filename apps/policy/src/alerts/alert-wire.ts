import { assertUnreachable, DomainError, ErrorCode } from '@sightline/contracts';
import { sightingsV1 } from '@sightline/proto';
import type { Alert, AlertStatus, ReviewMode } from './alert.entity';
import type { ListAlertsCommand } from './list-alerts.usecase';
import type { ReviewDecision } from './review-alert.usecase';

/** proto-loader's object form (enums as numbers, Timestamp as { seconds, nanos }). */
export interface WireListAlertsRequest {
  readonly status: number;
  readonly pageSize: number;
  readonly pageToken: string;
}

export interface WireAlert {
  readonly alertId: string;
  readonly cameraId: string;
  readonly trackId: string;
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly score: number;
  readonly status: sightingsV1.AlertStatus;
  readonly raisedAt: { readonly seconds: number; readonly nanos: number };
  readonly faceId: string;
  readonly evidenceId: string;
  readonly photoReference: string;
  readonly reviewMode: sightingsV1.ReviewMode;
}

export interface WireListAlertsResponse {
  readonly alerts: WireAlert[];
  readonly nextPageToken: string;
}

export function listAlertsCommandFromWire(request: WireListAlertsRequest): ListAlertsCommand {
  const status = alertStatusFromWire(request.status ?? 0);
  return {
    ...(status ? { status } : {}),
    pageSize: request.pageSize ?? 0,
    pageToken: request.pageToken ?? '',
  };
}

export function alertToWire(alert: Alert): WireAlert {
  const ms = alert.raisedAt.getTime();
  const seconds = Math.floor(ms / 1000);
  return {
    alertId: alert.id,
    cameraId: alert.cameraId,
    trackId: alert.trackId,
    watchlistId: alert.watchlistId,
    subjectId: alert.subjectId,
    score: alert.score,
    status: alertStatusToWire(alert.status),
    raisedAt: { seconds, nanos: (ms - seconds * 1000) * 1e6 },
    faceId: alert.faceId,
    evidenceId: alert.evidenceId,
    photoReference: alert.photoReference,
    reviewMode: reviewModeToWire(alert.reviewMode),
  };
}

function alertStatusFromWire(value: number): AlertStatus | undefined {
  const status = value as sightingsV1.AlertStatus;
  switch (status) {
    case sightingsV1.AlertStatus.ALERT_STATUS_UNSPECIFIED:
      return undefined;
    case sightingsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW:
      return 'pending_review';
    case sightingsV1.AlertStatus.ALERT_STATUS_CONFIRMED:
      return 'confirmed';
    case sightingsV1.AlertStatus.ALERT_STATUS_DISMISSED:
      return 'dismissed';
    case sightingsV1.AlertStatus.ALERT_STATUS_ESCALATED:
      return 'escalated';
    case sightingsV1.AlertStatus.UNRECOGNIZED:
      break;
    default:
      break;
  }
  throw new DomainError(ErrorCode.InvalidArgument, `status ${value} is not an AlertStatus`, {
    field: 'status',
  });
}

function alertStatusToWire(status: AlertStatus): sightingsV1.AlertStatus {
  switch (status) {
    case 'pending_review':
      return sightingsV1.AlertStatus.ALERT_STATUS_PENDING_REVIEW;
    case 'confirmed':
      return sightingsV1.AlertStatus.ALERT_STATUS_CONFIRMED;
    case 'dismissed':
      return sightingsV1.AlertStatus.ALERT_STATUS_DISMISSED;
    case 'escalated':
      return sightingsV1.AlertStatus.ALERT_STATUS_ESCALATED;
    default:
      return assertUnreachable(status);
  }
}

function reviewModeToWire(mode: ReviewMode): sightingsV1.ReviewMode {
  switch (mode) {
    case 'single':
      return sightingsV1.ReviewMode.REVIEW_MODE_SINGLE;
    case 'two-person':
      return sightingsV1.ReviewMode.REVIEW_MODE_TWO_PERSON;
    default:
      return assertUnreachable(mode);
  }
}

export interface WireReviewAlertRequest {
  readonly alertId: string;
  readonly decision: number;
  readonly reason: string;
  readonly purpose: string;
}

export interface WireReviewAlertResponse {
  readonly alert: WireAlert;
  readonly confirmations: number;
  readonly confirmationsRequired: number;
}

export function reviewDecisionFromWire(value: number): ReviewDecision {
  const decision = value as sightingsV1.ReviewDecision;
  switch (decision) {
    case sightingsV1.ReviewDecision.REVIEW_DECISION_CONFIRM:
      return 'confirm';
    case sightingsV1.ReviewDecision.REVIEW_DECISION_DISMISS:
      return 'dismiss';
    case sightingsV1.ReviewDecision.REVIEW_DECISION_UNSPECIFIED:
    case sightingsV1.ReviewDecision.UNRECOGNIZED:
      break;
    default:
      break;
  }
  throw new DomainError(ErrorCode.InvalidArgument, `decision ${value} is not a ReviewDecision`, {
    field: 'decision',
  });
}
