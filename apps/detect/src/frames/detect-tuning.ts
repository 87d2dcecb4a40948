/**
 * A later face of a track is sent only if its quality beats the best sent so far by this much:
 * below it, a second template rarely changes the match and costs an embedding and a search.
 */
export const SEND_QUALITY_MARGIN = 0.05;

/** How often cameras are checked for idleness: a fraction of TRACK_MAX_IDLE_MS keeps closure prompt. */
export const IDLE_SWEEP_INTERVAL_MS = 500;

/** The `source` of every envelope detect publishes. */
export const DETECT_SOURCE = 'detect';
