import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection } from '@sightline/persistence';
import type { SeenAlert } from './seen-alert.entity';
import { SEEN_ALERTS_COLLECTION, seenAlertSchema } from './seen-alert.schema';

@Injectable()
export class SeenAlertRepository extends BaseRepository<SeenAlert> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('SeenAlert', seenAlertSchema, SEEN_ALERTS_COLLECTION));
  }

  /**
   * Records that the alert's confirmation was handled, and says whether this call was the first:
   * a redelivered confirmation must not reach stream clients twice.
   */
  async markConfirmed(id: string, confirmationEventId: string): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, confirmationEventId: { $exists: false } },
        { $set: { confirmationEventId } },
      )
      .exec();
    return result.modifiedCount === 1;
  }
}
