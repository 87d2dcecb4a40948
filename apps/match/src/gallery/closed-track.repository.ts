import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection } from '@sightline/persistence';
import type { ClosedTrack } from './closed-track.entity';
import { CLOSED_TRACKS_COLLECTION, closedTrackSchema } from './closed-track.schema';

@Injectable()
export class ClosedTrackRepository extends BaseRepository<ClosedTrack> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('ClosedTrack', closedTrackSchema, CLOSED_TRACKS_COLLECTION));
  }
}
