import type { AgePurgedClass } from './retention-cutoff';

/** What one purge run did; `cutoff` is absent when the class is kept forever. */
export interface PurgeReport {
  readonly retentionClass: AgePurgedClass;
  readonly cutoff?: Date;
  /** Rows decided due, audited and deleted in this run. */
  readonly purged: number;
  /** Rows past the age cutoff kept anyway (evidence of confirmed cases). */
  readonly kept: number;
}

/** Rows one run decides on at most: bounds memory and the size of one audit event's promise. */
export const MAX_PURGED_PER_RUN = 10_000;
export const PURGE_PAGE_SIZE = 500;
