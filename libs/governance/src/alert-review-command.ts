import type { ReviewedAlert } from './alert-review-state';

/** Commands carry their own time so that deciding stays a pure function. */
export type AlertReviewCommand =
  | { readonly kind: 'raise'; readonly alert: ReviewedAlert }
  | {
      readonly kind: 'confirm';
      readonly reviewerId: string;
      readonly reason: string;
      readonly at: Date;
    }
  | {
      readonly kind: 'dismiss';
      readonly reviewerId: string;
      readonly reason: string;
      readonly at: Date;
    }
  | { readonly kind: 'escalate'; readonly at: Date };
