import type { Sighting } from './sighting.entity';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Which sightings a query selects; absent fields do not filter. */
export interface SightingFilter {
  readonly cameraId?: string;
  readonly subjectId?: string;
  readonly watchlistId?: string;
  readonly matchStatus?: Sighting['matchStatus'];
  /** Inclusive lower bound of firstSeenAt. */
  readonly from?: Date;
  /** Exclusive upper bound of firstSeenAt. */
  readonly to?: Date;
}

/** The last row of a page: the next page starts strictly after it in (firstSeenAt desc, id asc). */
export interface SightingCursor {
  readonly firstSeenAt: Date;
  readonly id: string;
}

/** A query as the transport hands it over: unvalidated, with empty strings for absent filters. */
export interface QuerySightingsCommand {
  readonly cameraId: string;
  readonly subjectId: string;
  readonly watchlistId: string;
  readonly matchStatus?: Sighting['matchStatus'];
  readonly timeRange?: { readonly start?: Date; readonly end?: Date };
  readonly pageSize: number;
  readonly pageToken: string;
  /** Attributes the caller asked to infer; every one is refused by policy. */
  readonly inferAttributes?: readonly string[];
}

export interface SightingPage {
  readonly sightings: readonly Sighting[];
  /** Empty on the last page. */
  readonly nextPageToken: string;
}
