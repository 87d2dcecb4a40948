const SUFFIX = '#lookahead';

/**
 * The @EventPattern of a handler that is shown each event of `topic` one turn early: while the
 * event before it is being handled, when both are in the same fetched batch. It may only start
 * work that is a pure function of the event (decoding, inference) for its real handler to pick up;
 * it commits nothing, its errors are ignored, and the event is still handled in its turn.
 */
export function lookaheadPattern(topic: string): string {
  return `${topic}${SUFFIX}`;
}

/** The topic a lookahead pattern looks ahead on; undefined for an ordinary pattern. */
export function lookaheadTopicOf(pattern: string): string | undefined {
  return pattern.endsWith(SUFFIX) ? pattern.slice(0, -SUFFIX.length) : undefined;
}
