import type { ReviewedAlert } from './alert-review-state';

export type AlertReviewEvent =
  | { readonly type: 'alert-raised'; readonly alert: ReviewedAlert }
  | {
      readonly type: 'confirmation-recorded';
      readonly reviewerId: string;
      readonly reason: string;
      readonly at: Date;
    }
  /** Emitted with the confirmation that completes the quorum; carries no new facts of its own. */
  | { readonly type: 'alert-confirmed'; readonly at: Date }
  | {
      readonly type: 'alert-dismissed';
      readonly reviewerId: string;
      readonly reason: string;
      readonly at: Date;
    }
  | { readonly type: 'alert-escalated'; readonly at: Date };
