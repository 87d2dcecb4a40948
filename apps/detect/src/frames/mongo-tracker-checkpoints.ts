import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection, translateWriteError } from '@sightline/persistence';
import {
  TRACKER_CHECKPOINTS_COLLECTION,
  trackerCheckpointSchema,
  type TrackerCheckpoint,
} from './tracker-checkpoint.schema';
import type { TrackerCheckpoints } from './tracker-checkpoints';
import type { CameraTrackerState, TrackState } from './tracker-state';

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

  /** A whole replacement, not a $set: no field of an older checkpoint (legacy tracks) survives it. */
  async save(state: CameraTrackerState): Promise<void> {
    try {
      await this.model
        .replaceOne(
          { _id: state.cameraId },
          {
            _id: state.cameraId,
            zone: state.zone,
            encodedTracks: JSON.stringify(state.tracks),
            openTracks: state.tracks.length,
            ...(state.lastFrameId === undefined ? {} : { lastFrameId: state.lastFrameId }),
            ...(state.lastFrameCapturedAt === undefined
              ? {}
              : { lastFrameCapturedAt: state.lastFrameCapturedAt }),
          },
          { upsert: true },
        )
        .exec();
    } catch (error) {
      throw translateWriteError(error, this.model.collection.name);
    }
  }

  async withOpenTracks(): Promise<CameraTrackerState[]> {
    return (await this.find({ openTracks: { $gt: 0 } })).map(toState);
  }
}

function toState(stored: TrackerCheckpoint): CameraTrackerState {
  return {
    cameraId: stored.id,
    zone: stored.zone,
    tracks:
      stored.encodedTracks === undefined
        ? (stored.tracks ?? [])
        : (JSON.parse(stored.encodedTracks) as TrackState[]),
    ...(stored.lastFrameId === undefined ? {} : { lastFrameId: stored.lastFrameId }),
    ...(stored.lastFrameCapturedAt === undefined
      ? {}
      : { lastFrameCapturedAt: stored.lastFrameCapturedAt }),
  };
}
