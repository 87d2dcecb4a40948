import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection, translateWriteError } from '@sightline/persistence';
import type { TrackHit } from './track-hit.entity';
import { TRACK_HITS_COLLECTION, trackHitSchema } from './track-hit.schema';

export type KeepOutcome = 'kept' | 'improved' | 'not-better';

@Injectable()
export class TrackHitRepository extends BaseRepository<TrackHit> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('TrackHit', trackHitSchema, TRACK_HITS_COLLECTION));
  }

  /**
   * Stores the hit when the track has none or a lower-scoring one. A redelivered face scores the
   * same, so it changes nothing. One partition's events are handled one at a time, so the two
   * steps never race for the same track.
   */
  async keepIfBetter(hit: TrackHit): Promise<KeepOutcome> {
    if (await this.insertIfAbsent(hit)) return 'kept';
    const { id, ...fields } = hit;
    try {
      const result = await this.model
        .updateOne({ _id: id, score: { $lt: hit.score } }, { $set: fields })
        .exec();
      return result.modifiedCount === 1 ? 'improved' : 'not-better';
    } catch (error) {
      throw translateWriteError(error, TRACK_HITS_COLLECTION);
    }
  }
}
