/**
 * Marks a track whose sighting is in the log, so a redelivered trackClosed publishes nothing.
 * Holds no biometrics: ids and a time.
 */
export interface ClosedTrack {
  /** `<cameraId>:<trackId>`. */
  readonly id: string;
  readonly cameraId: string;
  readonly trackId: string;
  readonly closedAt: Date;
}
