import type { AlertReviewCommand } from './alert-review-command';
import type { AlertReviewEvent } from './alert-review-event';
import { initialAlertReviewState, type AlertReviewState } from './alert-review-state';
import { decideAlertReview, type EscalationPolicy } from './decide-alert-review';
import { evolveAlertReview } from './evolve-alert-review';

export interface AlertReviewDecider {
  readonly initialState: AlertReviewState;
  decide(command: AlertReviewCommand, state: AlertReviewState): AlertReviewEvent[];
  evolve(state: AlertReviewState, event: AlertReviewEvent): AlertReviewState;
}

/** Binds the policy once so callers get the classic `decide(command, state)` shape. */
export function alertReviewDecider(policy: EscalationPolicy): AlertReviewDecider {
  return {
    initialState: initialAlertReviewState,
    decide: (command, state) => decideAlertReview(command, state, policy),
    evolve: evolveAlertReview,
  };
}
