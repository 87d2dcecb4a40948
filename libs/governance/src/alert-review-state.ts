import { assertUnreachable } from '@sightline/contracts';
import type { ReviewMode } from './watchlist';

/** The facts about an alert that reviewing depends on, fixed when it is raised. */
export interface ReviewedAlert {
  readonly alertId: string;
  readonly subjectId: string;
  /** Whoever enrolled the subject; independence forbids them from reviewing its alerts. */
  readonly enrolledBy: string;
  readonly reviewMode: ReviewMode;
  readonly raisedAt: Date;
}

export interface Confirmation {
  readonly reviewerId: string;
  readonly reason: string;
  readonly at: Date;
}

interface OpenReview {
  readonly alert: ReviewedAlert;
  readonly confirmations: readonly Confirmation[];
}

export type AlertReviewState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'pending_review' } & OpenReview)
  | ({ readonly status: 'escalated'; readonly escalatedAt: Date } & OpenReview)
  | ({ readonly status: 'confirmed'; readonly confirmedAt: Date } & OpenReview)
  | ({
      readonly status: 'dismissed';
      readonly dismissedBy: string;
      readonly reason: string;
      readonly dismissedAt: Date;
    } & OpenReview);

export type AlertStatus = AlertReviewState['status'];

export const initialAlertReviewState: AlertReviewState = { status: 'absent' };

/** How many different people must confirm before an alert may reach anyone who acts on it. */
export function requiredConfirmations(mode: ReviewMode): number {
  switch (mode) {
    case 'single':
      return 1;
    case 'two-person':
      return 2;
    default:
      return assertUnreachable(mode);
  }
}
