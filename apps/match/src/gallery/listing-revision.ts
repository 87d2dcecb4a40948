/** Where a gallery event sits in galleries.v1, and its id: what makes listing writes idempotent. */
export interface ListingPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly eventId: string;
}

/** Filter part: the document has not seen this event or any later one of its watchlist. */
export function notYetApplied(position: ListingPosition): {
  revision: { $lt: number };
  lastEventId: { $ne: string };
} {
  return { revision: { $lt: position.offset }, lastEventId: { $ne: position.eventId } };
}

/** Update part: records the event as the document's last. */
export function revisionOf(position: ListingPosition): { revision: number; lastEventId: string } {
  return { revision: position.offset, lastEventId: position.eventId };
}
