import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection } from '@sightline/persistence';
import type { Sighting } from './sighting.entity';
import { SIGHTINGS_COLLECTION, sightingSchema } from './sighting.schema';

@Injectable()
export class SightingRepository extends BaseRepository<Sighting> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('Sighting', sightingSchema, SIGHTINGS_COLLECTION));
  }
}
