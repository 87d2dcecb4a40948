import { assertUnreachable } from '@sightline/contracts';
import type { AlertReviewState } from '@sightline/governance';
import type { Alert } from './alert.entity';

/** The review fields of an alert row, written back after a decision. */
export type AlertReviewFields = Pick<
  Alert,
  'status' | 'confirmations' | 'escalatedAt' | 'decidedAt' | 'dismissal'
>;

/** The governance library's review state of a stored alert. */
export function reviewStateOf(alert: Alert): AlertReviewState {
  const open = {
    alert: {
      alertId: alert.id,
      subjectId: alert.subjectId,
      enrolledBy: alert.enrolledBy,
      reviewMode: alert.reviewMode,
      raisedAt: alert.raisedAt,
    },
    confirmations: alert.confirmations,
  };
  switch (alert.status) {
    case 'pending_review':
      return { status: 'pending_review', ...open };
    case 'escalated':
      return { status: 'escalated', ...open, escalatedAt: alert.escalatedAt ?? alert.raisedAt };
    case 'confirmed':
      return { status: 'confirmed', ...open, confirmedAt: alert.decidedAt ?? alert.raisedAt };
    case 'dismissed':
      return {
        status: 'dismissed',
        ...open,
        dismissedBy: alert.dismissal?.reviewerId ?? 'unknown',
        reason: alert.dismissal?.reason ?? 'unknown',
        dismissedAt: alert.decidedAt ?? alert.raisedAt,
      };
    default:
      return assertUnreachable(alert.status);
  }
}

/** The row fields that store a review state (never `absent`: a stored alert was raised). */
export function reviewFieldsOf(state: AlertReviewState): AlertReviewFields {
  switch (state.status) {
    case 'absent':
      throw new Error('an alert row cannot return to absent');
    case 'pending_review':
      return { ...openFields(state), status: 'pending_review' };
    case 'escalated':
      return { ...openFields(state), status: 'escalated', escalatedAt: state.escalatedAt };
    case 'confirmed':
      return { ...openFields(state), status: 'confirmed', decidedAt: state.confirmedAt };
    case 'dismissed':
      return {
        ...openFields(state),
        status: 'dismissed',
        decidedAt: state.dismissedAt,
        dismissal: { reviewerId: state.dismissedBy, reason: state.reason },
      };
    default:
      return assertUnreachable(state);
  }
}

function openFields(
  state: Exclude<AlertReviewState, { status: 'absent' }>,
): Omit<AlertReviewFields, 'status'> {
  return {
    confirmations: state.confirmations,
    escalatedAt: 'escalatedAt' in state ? state.escalatedAt : null,
    decidedAt: null,
    dismissal: null,
  };
}
