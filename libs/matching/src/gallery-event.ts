import {
  subjectEnrolled,
  subjectRemoved,
  templateAdded,
  templateRemoved,
  watchlistCreated,
  watchlistExpired,
  type EventEnvelope,
  type PayloadOf,
} from '@sightline/contracts';

type Envelope<D extends { type: string }> = EventEnvelope<D['type'], PayloadOf<D>>;

/** Every event the gallery projection understands, discriminated by `type`. */
export type GalleryEvent =
  | Envelope<typeof watchlistCreated>
  | Envelope<typeof subjectEnrolled>
  | Envelope<typeof templateAdded>
  | Envelope<typeof templateRemoved>
  | Envelope<typeof subjectRemoved>
  | Envelope<typeof watchlistExpired>;

const GALLERY_TYPES: ReadonlySet<string> = new Set([
  watchlistCreated.type,
  subjectEnrolled.type,
  templateAdded.type,
  templateRemoved.type,
  subjectRemoved.type,
  watchlistExpired.type,
]);

/**
 * Narrows an envelope that `decodeEnvelope` already validated against its schema. Other event types
 * share the gallery topic's consumer group in tests, so they are ignored rather than rejected.
 */
export function asGalleryEvent(envelope: EventEnvelope): GalleryEvent | undefined {
  return GALLERY_TYPES.has(envelope.type) ? (envelope as GalleryEvent) : undefined;
}
