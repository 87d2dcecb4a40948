import { Inject, Injectable } from '@nestjs/common';
import {
  BaseRepository,
  MongoConnection,
  translateWriteError,
  type StoredDocument,
} from '@sightline/persistence';
import type { RootFilterQuery } from 'mongoose';
import type { Camera } from './camera';
import { CAMERAS_COLLECTION, cameraSchema } from './camera.schema';

/** The camera registry (Mongo `cameras`). */
@Injectable()
export class CameraRepository extends BaseRepository<Camera> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('Camera', cameraSchema, CAMERAS_COLLECTION));
  }

  /** Stores the camera whole, creating or replacing it, so a field left out (sourceUri) is removed. */
  async save(camera: Camera): Promise<Camera> {
    try {
      await this.model
        .replaceOne(
          { _id: camera.id } as RootFilterQuery<StoredDocument<Camera>>,
          this.toStored(camera),
          {
            upsert: true,
            runValidators: true,
          },
        )
        .exec();
      return camera;
    } catch (error) {
      throw translateWriteError(error, CAMERAS_COLLECTION);
    }
  }

  async findAll(): Promise<Camera[]> {
    const cameras = await this.find({});
    return cameras.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
