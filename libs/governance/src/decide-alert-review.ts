import { assertUnreachable, DomainError, ErrorCode } from '@sightline/contracts';
import type { AlertReviewCommand } from './alert-review-command';
import type { AlertReviewEvent } from './alert-review-event';
import { requiredConfirmations, type AlertReviewState } from './alert-review-state';
import type { GovernancePolicy } from './governance-policy';
import { POLICY } from './policy-name';
import { policyRefusal } from './policy-refusal';

export type EscalationPolicy = Pick<GovernancePolicy, 'escalateAfterMinutes'>;

type OpenState = Extract<AlertReviewState, { status: 'pending_review' | 'escalated' }>;
type Verdict = Extract<AlertReviewCommand, { kind: 'confirm' | 'dismiss' }>;

const MINUTE_MS = 60_000;

/** True once an alert has waited for review longer than the policy allows. */
export function isDueForEscalation(
  state: AlertReviewState,
  policy: EscalationPolicy,
  now: Date,
): boolean {
  return (
    state.status === 'pending_review' &&
    now.getTime() - state.alert.raisedAt.getTime() > policy.escalateAfterMinutes * MINUTE_MS
  );
}

function closed(state: AlertReviewState, action: string): DomainError {
  return new DomainError(ErrorCode.Conflict, `cannot ${action} an alert that is ${state.status}`, {
    status: state.status,
  });
}

function requireOpen(state: AlertReviewState, action: string): OpenState {
  switch (state.status) {
    case 'absent':
      throw new DomainError(ErrorCode.NotFound, `cannot ${action} an alert that was never raised`);
    case 'pending_review':
    case 'escalated':
      return state;
    case 'confirmed':
    case 'dismissed':
      throw closed(state, action);
    default:
      return assertUnreachable(state);
  }
}

function requireIndependentReviewer(state: OpenState, verdict: Verdict): void {
  if (verdict.reviewerId.trim() === '') {
    throw new DomainError(ErrorCode.InvalidArgument, 'a review needs a reviewer id');
  }
  if (verdict.reason.trim() === '') {
    throw new DomainError(ErrorCode.InvalidArgument, 'a review needs a reason');
  }
  // Applies to dismissals too: whoever put a person on a list is not the one to judge their alerts.
  if (verdict.reviewerId === state.alert.enrolledBy) {
    throw policyRefusal(
      POLICY.REVIEWER_IS_NOT_ENROLLER,
      `${verdict.reviewerId} enrolled the subject`,
      {
        reviewerId: verdict.reviewerId,
      },
    );
  }
}

function confirm(state: OpenState, verdict: Verdict): AlertReviewEvent[] {
  requireIndependentReviewer(state, verdict);
  if (state.confirmations.some((c) => c.reviewerId === verdict.reviewerId)) {
    throw policyRefusal(POLICY.TWO_PERSON_REVIEW, `${verdict.reviewerId} has already confirmed`, {
      reviewerId: verdict.reviewerId,
    });
  }
  const recorded: AlertReviewEvent = {
    type: 'confirmation-recorded',
    reviewerId: verdict.reviewerId,
    reason: verdict.reason,
    at: verdict.at,
  };
  const quorum = state.confirmations.length + 1 >= requiredConfirmations(state.alert.reviewMode);
  return quorum ? [recorded, { type: 'alert-confirmed', at: verdict.at }] : [recorded];
}

function escalate(state: AlertReviewState, policy: EscalationPolicy, at: Date): AlertReviewEvent[] {
  const open = requireOpen(state, 'escalate');
  // Escalating twice is a no-op so that a periodic sweep may run without coordination.
  if (open.status === 'escalated') return [];
  if (!isDueForEscalation(open, policy, at)) {
    throw new DomainError(
      ErrorCode.Conflict,
      `alert is not yet ${policy.escalateAfterMinutes} minutes overdue for review`,
    );
  }
  return [{ type: 'alert-escalated', at }];
}

/**
 * Human review as a decider: what happens when a command meets the current state. Refusals are
 * thrown as DomainError; accepted commands return the events that record them.
 */
export function decideAlertReview(
  command: AlertReviewCommand,
  state: AlertReviewState,
  policy: EscalationPolicy,
): AlertReviewEvent[] {
  switch (command.kind) {
    case 'raise':
      if (state.status !== 'absent') throw closed(state, 'raise');
      return [{ type: 'alert-raised', alert: command.alert }];
    case 'confirm':
      return confirm(requireOpen(state, 'confirm'), command);
    case 'dismiss': {
      const open = requireOpen(state, 'dismiss');
      requireIndependentReviewer(open, command);
      return [
        {
          type: 'alert-dismissed',
          reviewerId: command.reviewerId,
          reason: command.reason,
          at: command.at,
        },
      ];
    }
    case 'escalate':
      return escalate(state, policy, command.at);
    default:
      return assertUnreachable(command);
  }
}
