import type { RaisedAlert } from './alert-event';

/** What a webhook receives: identifiers and references only, never a face chip or template. */
export interface WebhookBody {
  readonly alertId: string;
  readonly cameraId: string;
  readonly trackId: string;
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly score: number;
  readonly status: RaisedAlert['status'];
  readonly raisedAt: string;
  readonly evidenceId: string;
  readonly photoReference: string;
}

/**
 * The exact bytes that are signed and sent. Fields are copied one by one (not spread) so a field
 * added to the alert later never leaks to partners without a decision.
 */
export function webhookBodyOf(alert: RaisedAlert): string {
  const body: WebhookBody = {
    alertId: alert.alertId,
    cameraId: alert.cameraId,
    trackId: alert.trackId,
    watchlistId: alert.watchlistId,
    subjectId: alert.subjectId,
    score: alert.score,
    status: alert.status,
    raisedAt: alert.raisedAt,
    evidenceId: alert.evidenceId,
    photoReference: alert.photoReference,
  };
  return JSON.stringify(body);
}
