import type { reviewModeSchema } from '@sightline/contracts';
import type { z } from 'zod';

export type ReviewMode = z.infer<typeof reviewModeSchema>;

/** What an operator asks for; `validateWatchlistCreation` turns it into a `Watchlist` or refuses. */
export interface WatchlistDraft {
  readonly watchlistId: string;
  readonly name: string;
  readonly purpose: string;
  readonly legalBasis: string;
  readonly authorisedBy: string;
  readonly owner: string;
  readonly expiresAt: Date;
  readonly zones: readonly string[];
  /** Optional narrowing inside the zones; it can never widen a watchlist beyond them. */
  readonly cameraIds?: readonly string[];
  readonly threshold: number;
  readonly reviewMode: ReviewMode;
}

export interface Watchlist extends Omit<WatchlistDraft, 'cameraIds'> {
  readonly createdAt: Date;
  readonly cameraIds: readonly string[];
}
