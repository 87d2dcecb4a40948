import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection, translateWriteError } from '@sightline/persistence';
import type { ListingCheckpoint } from './gallery-listing.entity';
import { LISTING_CHECKPOINTS_COLLECTION, listingCheckpointSchema } from './gallery-listing.schema';

/**
 * Per-partition high-water mark of the listing read model. Every replica replays galleries.v1 from
 * the beginning at start; below this mark it skips the read model without a round trip each.
 */
@Injectable()
export class ListingCheckpointRepository extends BaseRepository<ListingCheckpoint> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(
      mongo.model('ListingCheckpoint', listingCheckpointSchema, LISTING_CHECKPOINTS_COLLECTION),
    );
  }

  /** -1 when nothing of this partition was applied yet. */
  async offsetOf(topic: string, partition: number): Promise<number> {
    return (await this.findById(`${topic}:${partition}`))?.offset ?? -1;
  }

  /** Moves the mark forward only: a slower replica never moves it back. */
  async advance(topic: string, partition: number, offset: number): Promise<void> {
    try {
      await this.model
        .updateOne({ _id: `${topic}:${partition}` }, { $max: { offset } }, { upsert: true })
        .exec();
    } catch (error) {
      throw translateWriteError(error, LISTING_CHECKPOINTS_COLLECTION);
    }
  }

  async clear(): Promise<void> {
    await this.model.deleteMany({}).exec();
  }
}
