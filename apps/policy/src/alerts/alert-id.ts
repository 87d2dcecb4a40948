import { createHash } from 'node:crypto';

/**
 * The alert of one track: `al-` and 32 hex digits of SHA-256 over `cameraId:trackId`. Stable under
 * redelivery and re-emission (a track raises one alert), and short enough for idSchema (max 128)
 * whatever the lengths of camera and track ids.
 */
export function alertIdFor(cameraId: string, trackId: string): string {
  return `al-${createHash('sha256').update(`${cameraId}:${trackId}`).digest('hex').slice(0, 32)}`;
}
