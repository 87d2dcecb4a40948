import type { EventEnvelope, PayloadOf, sightingRecorded } from '@sightline/contracts';

type SightingPayload = PayloadOf<typeof sightingRecorded>;
type MatchedPayload = SightingPayload & {
  readonly match: Extract<SightingPayload['match'], { status: 'matched' }>;
};

/** A sighting event whose track matched a watchlist subject. */
export type MatchedSighting = EventEnvelope<typeof sightingRecorded.type, MatchedPayload>;

/**
 * What happens to a matched sighting after it is projected (the alerts folder raises an alert).
 * A port, so the sightings log does not depend on alerting and its tests need no alert store.
 * Called on every delivery of a matched sighting: the implementation must be idempotent.
 */
export abstract class MatchedSightingListener {
  abstract onMatchedSighting(sighting: MatchedSighting): Promise<void>;
}
