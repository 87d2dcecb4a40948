import { alertRaised, alertReviewed, newEnvelope } from '@sightline/contracts';
import type { AlertRaisedEvent, AlertReviewedEvent, RaisedAlert } from './alert-event';

/** A valid alertRaised, for unit tests; override what the test is about. */
export function raisedAlertEvent(overrides: Partial<RaisedAlert> = {}): AlertRaisedEvent {
  const payload: RaisedAlert = {
    alertId: '01J0ALERT0000000000000000A',
    cameraId: 'cam-1',
    trackId: '01J0FRAME0000000000000000F.0',
    watchlistId: 'wl-1',
    subjectId: 'subject-7',
    score: 0.71,
    status: 'pending_review',
    raisedAt: '2026-01-01T10:00:00.000Z',
    faceId: '01J0FRAME0000000000000000F.0',
    evidenceId: 'evidence-3',
    photoReference: 'gallery/subject-7/photo-1.jpg',
    reviewMode: 'two-person',
    ...overrides,
  };
  return newEnvelope(alertRaised, payload, { source: 'policy', cameraId: payload.cameraId });
}

/** The alertReviewed that confirms `alertId`, for unit tests. */
export function confirmedReviewEvent(
  alertId = '01J0ALERT0000000000000000A',
  status: AlertReviewedEvent['payload']['status'] = 'confirmed',
): AlertReviewedEvent {
  return newEnvelope(
    alertReviewed,
    { alertId, reviewerId: 'reviewer-a', decision: 'confirm', reason: 'same person', status },
    { source: 'policy', cameraId: 'cam-1' },
  );
}
