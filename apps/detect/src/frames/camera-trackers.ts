import { Inject, Injectable } from '@nestjs/common';
import type { FaceCandidate } from './face-candidate';
import { emptyTrackerState, type HeldFaces } from './track-frame';
import { TrackerCheckpoints } from './tracker-checkpoints';
import type { CameraTrackerState } from './tracker-state';

interface CameraEntry {
  readonly state: CameraTrackerState;
  /** Wall-clock time the camera's last frame arrived here, for idle closure. */
  readonly lastArrivalMs: number;
  /** Best faces of the tentative tracks: memory only, never checkpointed (they hold chips). */
  readonly held: HeldFaces<FaceCandidate>;
}

const NOTHING_HELD: HeldFaces<FaceCandidate> = new Map();

/**
 * The tracker state of every camera this process has seen, with the checkpoint as its backing
 * store: a camera's first frame after start continues from the checkpoint. Call only inside the
 * camera's lane (CameraLanes).
 */
@Injectable()
export class CameraTrackers {
  private readonly cameras = new Map<string, CameraEntry>();

  constructor(@Inject(TrackerCheckpoints) private readonly checkpoints: TrackerCheckpoints) {}

  async current(cameraId: string, zone: string): Promise<CameraTrackerState> {
    const known = this.cameras.get(cameraId);
    if (known) return known.state;
    return (await this.checkpoints.load(cameraId)) ?? emptyTrackerState(cameraId, zone);
  }

  /** Faces held for the camera's tentative tracks; none for a camera restored from its checkpoint. */
  heldOf(cameraId: string): HeldFaces<FaceCandidate> {
    return this.cameras.get(cameraId)?.held ?? NOTHING_HELD;
  }

  /** Keeps a state whose events are published and whose checkpoint is written. */
  commit(
    state: CameraTrackerState,
    arrivalMs: number,
    held: HeldFaces<FaceCandidate> = NOTHING_HELD,
  ): void {
    this.cameras.set(state.cameraId, { state, lastArrivalMs: arrivalMs, held });
  }

  /** Records that a frame arrived without changing the tracks (a redelivery). */
  touch(state: CameraTrackerState, arrivalMs: number): void {
    const entry = this.cameras.get(state.cameraId);
    this.commit(entry?.state ?? state, arrivalMs, entry?.held);
  }

  /**
   * After an idle closure the camera keeps its place (and last frame) but has no tracks, so no
   * held faces either.
   */
  replace(state: CameraTrackerState): void {
    const entry = this.cameras.get(state.cameraId);
    if (entry) this.cameras.set(state.cameraId, { ...entry, state, held: NOTHING_HELD });
  }

  /** Cameras with open tracks whose last frame arrived more than `maxIdleMs` ago. */
  idleCameras(nowMs: number, maxIdleMs: number): string[] {
    return [...this.cameras.entries()]
      .filter(
        ([, entry]) => entry.state.tracks.length > 0 && nowMs - entry.lastArrivalMs > maxIdleMs,
      )
      .map(([cameraId]) => cameraId);
  }

  stateOf(cameraId: string): CameraEntry | undefined {
    return this.cameras.get(cameraId);
  }

  openTracks(): number {
    let open = 0;
    for (const entry of this.cameras.values()) open += entry.state.tracks.length;
    return open;
  }
}
