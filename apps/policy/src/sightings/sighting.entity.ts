import type { PayloadOf, sightingRecorded } from '@sightline/contracts';

export type SightingMatch = PayloadOf<typeof sightingRecorded>['match'];

/** Read model of the sightings log: one row per track, queryable by camera, time and subject. */
export interface Sighting {
  /** `<cameraId>:<trackId>`: a track is sighted once, however often its event is delivered. */
  readonly id: string;
  readonly eventId: string;
  readonly cameraId: string;
  readonly trackId: string;
  readonly firstSeenAt: Date;
  readonly lastSeenAt: Date;
  readonly facesSeen: number;
  readonly bestQuality: number;
  readonly matchStatus: SightingMatch['status'];
  readonly watchlistId?: string;
  readonly subjectId?: string;
  readonly score?: number;
  readonly recordedAt: Date;
}
