/** What a camera's source is doing on this replica. */
export type CameraState =
  'unknown' | 'starting' | 'running' | 'reconnecting' | 'finished' | 'failed' | 'push_only';

/** The live state and counters of one camera on this replica (not stored: per process). */
export interface CameraStatus {
  readonly state: CameraState;
  readonly framesPublished: number;
  readonly framesDropped: number;
  readonly framesRejected: number;
  readonly lastError: string;
  readonly reconnectAttempts: number;
  /** Failures of the source since it last produced a frame: 0 while it works. */
  readonly consecutiveFailures: number;
  /** Capture time (ISO) of the last frame published; empty before the first. */
  readonly lastFrameAt: string;
}

export const UNKNOWN_STATUS: CameraStatus = {
  state: 'unknown',
  framesPublished: 0,
  framesDropped: 0,
  framesRejected: 0,
  lastError: '',
  reconnectAttempts: 0,
  consecutiveFailures: 0,
  lastFrameAt: '',
};
