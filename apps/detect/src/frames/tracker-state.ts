import type { Box } from '@sightline/vision';

/** Centre displacement per sampled frame, for predicting where a face will be next. */
export interface Velocity {
  readonly dx: number;
  readonly dy: number;
}

/**
 * One open track. Deliberately holds no biometric data (no chip, landmarks or template): it is
 * checkpointed to Mongo after every frame so a restarted detect continues the same tracks.
 */
export interface TrackState {
  /** `${firstFrameId}.${detectionIndex}` of the detection that opened it: deterministic on replay. */
  readonly trackId: string;
  /** Last observed box (source pixels). */
  readonly box: Box;
  readonly velocity: Velocity;
  /** Consecutive frames since the last detection. */
  readonly missedFrames: number;
  readonly facesSeen: number;
  readonly facesSent: number;
  /** Best quality of any face of the track, sent or not (0 when none was assessed). */
  readonly bestQuality: number;
  /** Quality of the best face sent so far (0 while facesSent is 0). */
  readonly bestSentQuality: number;
  /**
   * Area of the track's box in the hit that last sent a face (a held face released on
   * confirmation counts at the confirming hit). Absent until then, and in checkpoints written
   * before it existed.
   */
  readonly sentBoxArea?: number;
  /**
   * capturedAt of the frame whose face of this track was last analysed (landmarks, chip,
   * quality), and the box's area then; absent until then, and in older checkpoints.
   */
  readonly analysedAt?: string;
  readonly analysedBoxArea?: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  /** Seen on a sensitive camera: nothing of it is ever sent to be identified. */
  readonly sensitive: boolean;
}

/** Everything a camera's tracker needs to continue exactly where it stopped. */
export interface CameraTrackerState {
  readonly cameraId: string;
  /** Zone of the camera's last frame, for trackClosed events raised without a frame (idle). */
  readonly zone: string;
  readonly tracks: readonly TrackState[];
  readonly lastFrameId?: string;
  readonly lastFrameCapturedAt?: string;
}
