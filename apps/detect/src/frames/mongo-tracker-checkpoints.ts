import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection } from '@sightline/persistence';
import {
  TRACKER_CHECKPOINTS_COLLECTION,
  trackerCheckpointSchema,
  type TrackerCheckpoint,
} from './tracker-checkpoint.schema';
import type { TrackerCheckpoints } from './tracker-checkpoints';
import type { CameraTrackerState } from './tracker-state';

@Injectable()
export class MongoTrackerCheckpoints
  extends BaseRepository<TrackerCheckpoint>
  implements TrackerCheckpoints
{
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(
      mongo.model('TrackerCheckpoint', trackerCheckpointSchema, TRACKER_CHECKPOINTS_COLLECTION),
    );
  }

  async load(cameraId: string): Promise<CameraTrackerState | null> {
    const stored = await this.findById(cameraId);
    return stored ? toState(stored) : null;
  }

  async save(state: CameraTrackerState): Promise<void> {
    await this.upsert(state.cameraId, {
      zone: state.zone,
      tracks: [...state.tracks],
      openTracks: state.tracks.length,
      ...(state.lastFrameId === undefined ? {} : { lastFrameId: state.lastFrameId }),
      ...(state.lastFrameCapturedAt === undefined
        ? {}
        : { lastFrameCapturedAt: state.lastFrameCapturedAt }),
    });
  }

  async withOpenTracks(): Promise<CameraTrackerState[]> {
    return (await this.find({ openTracks: { $gt: 0 } })).map(toState);
  }
}

function toState(stored: TrackerCheckpoint): CameraTrackerState {
  return {
    cameraId: stored.id,
    zone: stored.zone,
    tracks: stored.tracks,
    ...(stored.lastFrameId === undefined ? {} : { lastFrameId: stored.lastFrameId }),
    ...(stored.lastFrameCapturedAt === undefined
      ? {}
      : { lastFrameCapturedAt: stored.lastFrameCapturedAt }),
  };
}
