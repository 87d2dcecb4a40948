import {
  evidenceCaptured,
  faceEmbedded,
  sightingRecorded,
  trackClosed,
  type EventEnvelope,
  type PayloadOf,
} from '@sightline/contracts';

/** The event types match reads (faces.embedded.v1) and writes (evidence.v1, sightings.v1). */
export { evidenceCaptured, faceEmbedded, sightingRecorded, trackClosed };

type Envelope<D extends { type: string }> = EventEnvelope<D['type'], PayloadOf<D>>;

export type FaceEmbeddedEvent = Envelope<typeof faceEmbedded>;
export type TrackClosedEvent = Envelope<typeof trackClosed>;
export type SightingMatch = PayloadOf<typeof sightingRecorded>['match'];
export type SightingStatus = SightingMatch['status'];
