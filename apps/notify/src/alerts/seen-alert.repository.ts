import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection } from '@sightline/persistence';
import type { SeenAlert } from './seen-alert.entity';
import { SEEN_ALERTS_COLLECTION, seenAlertSchema } from './seen-alert.schema';

@Injectable()
export class SeenAlertRepository extends BaseRepository<SeenAlert> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('SeenAlert', seenAlertSchema, SEEN_ALERTS_COLLECTION));
  }
}
