/**
 * The wait before the n-th consecutive attempt to reopen a failed source (n starts at 1):
 * initial, 2×initial, 4×initial... capped at max, so a dead RTSP camera costs one ffmpeg start per
 * `max` instead of a busy loop.
 */
export function reconnectDelayMs(attempt: number, initialMs: number, maxMs: number): number {
  if (attempt < 1) return 0;
  // 2^31 already exceeds any sensible cap; clamping the exponent avoids Infinity.
  const factor = 2 ** Math.min(attempt - 1, 31);
  return Math.min(initialMs * factor, maxMs);
}

/** A broken file will not mend by itself: after this many consecutive failures it is FAILED. */
export const MAX_FILE_SOURCE_ATTEMPTS = 3;
