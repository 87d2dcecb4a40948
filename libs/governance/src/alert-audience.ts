import { assertUnreachable } from '@sightline/contracts';
import type { AlertReviewState } from './alert-review-state';

export type AlertAudience = 'reviewers' | 'action-channels' | 'none';

/** Only a human-confirmed alert may reach people who act on it; an unconfirmed one stays with reviewers. */
export function audienceFor(state: AlertReviewState): AlertAudience {
  switch (state.status) {
    case 'pending_review':
    case 'escalated':
      return 'reviewers';
    case 'confirmed':
      return 'action-channels';
    case 'absent':
    case 'dismissed':
      return 'none';
    default:
      return assertUnreachable(state);
  }
}

export function isActionable(state: AlertReviewState): boolean {
  return audienceFor(state) === 'action-channels';
}
