import { assertUnreachable } from '@sightline/contracts';
import type { AlertReviewEvent } from './alert-review-event';
import { initialAlertReviewState, type AlertReviewState } from './alert-review-state';

/**
 * Folds one recorded event into the state. It never throws: replaying history must always
 * succeed, so an event that does not fit the state (which decide never produces) leaves it as is.
 */
export function evolveAlertReview(
  state: AlertReviewState,
  event: AlertReviewEvent,
): AlertReviewState {
  if (event.type === 'alert-raised') {
    return state.status === 'absent'
      ? { status: 'pending_review', alert: event.alert, confirmations: [] }
      : state;
  }
  if (state.status !== 'pending_review' && state.status !== 'escalated') return state;
  const open = { alert: state.alert, confirmations: state.confirmations };
  switch (event.type) {
    case 'confirmation-recorded':
      return {
        ...state,
        confirmations: [
          ...state.confirmations,
          { reviewerId: event.reviewerId, reason: event.reason, at: event.at },
        ],
      };
    case 'alert-confirmed':
      return { status: 'confirmed', ...open, confirmedAt: event.at };
    case 'alert-dismissed':
      return {
        status: 'dismissed',
        ...open,
        dismissedBy: event.reviewerId,
        reason: event.reason,
        dismissedAt: event.at,
      };
    case 'alert-escalated':
      return { status: 'escalated', ...open, escalatedAt: event.at };
    default:
      return assertUnreachable(event);
  }
}

export function replayAlertReview(events: readonly AlertReviewEvent[]): AlertReviewState {
  return events.reduce(evolveAlertReview, initialAlertReviewState);
}
