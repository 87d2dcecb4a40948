/** Broker times of one closed track on its way to the sightings log. */
export interface TrackHops {
  readonly trackId: string;
  /** Capture time of the frame that closed the track. */
  readonly closedAt: number;
  /** track.closed appended to faces.detected: the frame's wait for detect, and detect's work. */
  readonly detectMs: number;
  /** track.closed forwarded to faces.embedded. */
  readonly embedMs: number;
  /** sighting.recorded appended to sightings.v1. */
  readonly matchMs: number;
  readonly totalMs: number;
}

export interface TimedTrackEvent {
  readonly trackId: string;
  /** Broker timestamp of the record, ms. */
  readonly timestamp: number;
}

/** Epoch ms. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * Whether a track's closure counts as a latency of the window: closed by a frame captured in it
 * and published by its end. Tracks still open when the bench removes its camera close idle
 * later, stamped with their last sighting, which is not a latency.
 */
export function closedInWindow(
  closure: { readonly closedAt: number; readonly timestamp: number },
  window: TimeWindow,
): boolean {
  return closure.closedAt >= window.start && closure.timestamp <= window.end;
}

/**
 * Splits each sighting's frame → sighting latency into the hops between services, from the broker
 * timestamps of the track's closure on faces.detected and faces.embedded and of its sighting.
 * Tracks missing a hop (still on their way, or closed before the topics were read) are left out.
 * With a window, only closures inside it count (closedInWindow), as in the bench. Sorted by
 * capture of the closing frame.
 */
export function sightingHops(
  closedOnDetected: readonly (TimedTrackEvent & { readonly closedAt: number })[],
  closedOnEmbedded: readonly TimedTrackEvent[],
  sightings: readonly TimedTrackEvent[],
  window?: TimeWindow,
): TrackHops[] {
  const embeddedAt = new Map(closedOnEmbedded.map((event) => [event.trackId, event.timestamp]));
  const recordedAt = new Map(sightings.map((event) => [event.trackId, event.timestamp]));
  const hops: TrackHops[] = [];
  for (const closed of closedOnDetected) {
    if (window && !closedInWindow(closed, window)) continue;
    const embedded = embeddedAt.get(closed.trackId);
    const recorded = recordedAt.get(closed.trackId);
    if (embedded === undefined || recorded === undefined) continue;
    hops.push({
      trackId: closed.trackId,
      closedAt: closed.closedAt,
      detectMs: closed.timestamp - closed.closedAt,
      embedMs: embedded - closed.timestamp,
      matchMs: recorded - embedded,
      totalMs: recorded - closed.closedAt,
    });
  }
  return hops.sort((a, b) => a.closedAt - b.closedAt);
}
