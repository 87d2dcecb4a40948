import { Inject, Injectable } from '@nestjs/common';
import {
  BaseRepository,
  MongoConnection,
  translateWriteError,
  type StoredDocument,
} from '@sightline/persistence';
import type { WatchlistListing } from './gallery-listing.entity';
import { WATCHLIST_LISTINGS_COLLECTION, watchlistListingSchema } from './gallery-listing.schema';
import { notYetApplied, revisionOf, type ListingPosition } from './listing-revision';

export interface WatchlistPageQuery {
  readonly afterId?: string;
  readonly limit: number;
  readonly includeExpired: boolean;
}

@Injectable()
export class WatchlistListingRepository extends BaseRepository<WatchlistListing> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('WatchlistListing', watchlistListingSchema, WATCHLIST_LISTINGS_COLLECTION));
  }

  /** Returns false when a later event already changed the watchlist (or this one did). */
  async markExpired(
    watchlistId: string,
    expiredAt: Date,
    position: ListingPosition,
  ): Promise<boolean> {
    try {
      const result = await this.model
        .updateOne(
          { _id: watchlistId, ...notYetApplied(position) },
          { $set: { status: 'expired', expiredAt, ...revisionOf(position) } },
        )
        .exec();
      return result.modifiedCount === 1;
    } catch (error) {
      throw translateWriteError(error, WATCHLIST_LISTINGS_COLLECTION);
    }
  }

  /** Keyset pagination on _id: stable while watchlists are being created, unlike skip. */
  async page(query: WatchlistPageQuery): Promise<WatchlistListing[]> {
    const stored = await this.model
      .find({
        ...(query.afterId === undefined ? {} : { _id: { $gt: query.afterId } }),
        ...(query.includeExpired ? {} : { status: 'active' }),
      })
      .sort({ _id: 1 })
      .limit(query.limit)
      .lean<StoredDocument<WatchlistListing>[]>()
      .exec();
    return stored.map((document) => this.toEntity(document));
  }

  /** Drops the whole read model of watchlists, for a rebuild from the topic. */
  async clear(): Promise<void> {
    await this.model.deleteMany({}).exec();
  }
}
