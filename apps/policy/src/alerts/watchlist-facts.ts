import type { ReviewMode } from './alert.entity';

/** What an alert needs to know about the watchlist and the enrolment photo a face matched. */
export interface MatchedEnrolment {
  readonly reviewMode: ReviewMode;
  readonly photoReference: string;
  readonly enrolledBy: string;
  readonly watchlistExpiresAt: Date;
  readonly threshold: number;
}

/**
 * A port onto the gallery as policy knows it (the watchlists folder replays galleries.v1).
 * Resolves undefined when the replayed gallery does not know the template; waits (bounded) while
 * the start-up replay is still running, because sightings are consumed alongside it.
 */
export abstract class WatchlistFacts {
  abstract enrolmentOf(
    watchlistId: string,
    subjectId: string,
    templateId: string,
  ): Promise<MatchedEnrolment | undefined>;
}
