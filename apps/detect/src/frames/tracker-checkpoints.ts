import type { CameraTrackerState } from './tracker-state';

/**
 * Where each camera's tracker state survives a crash. Written after a frame's events are
 * published and before the handler returns (and so before Kafka commits the frame's offset).
 */
export abstract class TrackerCheckpoints {
  abstract load(cameraId: string): Promise<CameraTrackerState | null>;
  abstract save(state: CameraTrackerState): Promise<void>;
  /** Cameras a previous process left with open tracks: they must close even if no frame comes. */
  abstract withOpenTracks(): Promise<CameraTrackerState[]>;
}
