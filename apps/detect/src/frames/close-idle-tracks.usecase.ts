import { Inject, Injectable } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { TOPICS } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { Clock } from '@sightline/service-kit';
import { CameraLanes } from './camera-lanes';
import { CameraTrackers } from './camera-trackers';
import { DetectMetrics } from './detect-metrics';
import { TRACK_MIN_HITS } from './detect-tuning';
import { trackClosedEnvelope } from './track-events';
import { closeIdleTracks } from './track-frame';
import { TrackerCheckpoints } from './tracker-checkpoints';

/**
 * Closes the open tracks of cameras that stopped sending frames (stream ended, camera off): a
 * track only closes on missed frames otherwise, and a camera without frames misses none. Each
 * confirmed track closes at its last sighting; tentative ones are discarded silently with their
 * held faces. Runs in the camera's lane, so it never overtakes a frame.
 */
@Injectable()
export class CloseIdleTracksUseCase {
  private readonly maxIdleMs: number;

  constructor(
    @Inject(SIGHTLINE_CONFIG) config: SightlineConfig,
    @Inject(CameraLanes) private readonly lanes: CameraLanes,
    @Inject(CameraTrackers) private readonly trackers: CameraTrackers,
    @Inject(TrackerCheckpoints) private readonly checkpoints: TrackerCheckpoints,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(DetectMetrics) private readonly metrics: DetectMetrics,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.maxIdleMs = config.tracking.maxIdleMs;
  }

  /** Returns how many tracks it closed (discarded tentative tracks not included). */
  async execute(): Promise<number> {
    let closed = 0;
    for (const cameraId of this.trackers.idleCameras(this.clock.now().getTime(), this.maxIdleMs)) {
      closed += await this.lanes.run(cameraId, () => this.closeCamera(cameraId));
    }
    return closed;
  }

  /**
   * Cameras a previous process left with open tracks: counted as having just sent a frame, so
   * they close after maxIdleMs unless their frames resume (then the tracks simply continue).
   */
  async adoptCheckpoints(): Promise<number> {
    const states = await this.checkpoints.withOpenTracks();
    const now = this.clock.now().getTime();
    for (const state of states) {
      await this.lanes.run(state.cameraId, async () => {
        if (!this.trackers.stateOf(state.cameraId)) this.trackers.commit(state, now);
      });
    }
    return states.length;
  }

  private async closeCamera(cameraId: string): Promise<number> {
    const entry = this.trackers.stateOf(cameraId);
    // A frame may have arrived while this waited in the lane.
    if (!entry || entry.state.tracks.length === 0) return 0;
    if (this.clock.now().getTime() - entry.lastArrivalMs <= this.maxIdleMs) return 0;
    const { state, closed, discarded } = closeIdleTracks(entry.state, { minHits: TRACK_MIN_HITS });
    await this.publisher.publish(
      TOPICS.facesDetected,
      closed.map((track) => trackClosedEnvelope(cameraId, state.zone, track)),
    );
    await this.checkpoints.save(state);
    this.trackers.replace(state);
    for (const track of closed) this.metrics.closed(track.identification);
    this.metrics.discarded('idle', discarded.length);
    return closed.length;
  }
}
