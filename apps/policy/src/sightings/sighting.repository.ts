import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection, type StoredDocument } from '@sightline/persistence';
import type { RootFilterQuery } from 'mongoose';
import type { Sighting } from './sighting.entity';
import type { SightingCursor, SightingFilter } from './sighting-query';
import { SIGHTINGS_COLLECTION, sightingSchema } from './sighting.schema';

@Injectable()
export class SightingRepository extends BaseRepository<Sighting> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('Sighting', sightingSchema, SIGHTINGS_COLLECTION));
  }

  /** Rows matching `filter` in (firstSeenAt desc, id asc) order, strictly after `after`. */
  async findPage(
    filter: SightingFilter,
    after: SightingCursor | undefined,
    limit: number,
  ): Promise<Sighting[]> {
    const clauses: RootFilterQuery<StoredDocument<Sighting>>[] = [];
    if (filter.cameraId) clauses.push({ cameraId: filter.cameraId });
    if (filter.subjectId) clauses.push({ subjectId: filter.subjectId });
    if (filter.watchlistId) clauses.push({ watchlistId: filter.watchlistId });
    if (filter.matchStatus) clauses.push({ matchStatus: filter.matchStatus });
    if (filter.from) clauses.push({ firstSeenAt: { $gte: filter.from } });
    if (filter.to) clauses.push({ firstSeenAt: { $lt: filter.to } });
    if (after) {
      clauses.push({
        $or: [
          { firstSeenAt: { $lt: after.firstSeenAt } },
          { firstSeenAt: after.firstSeenAt, _id: { $gt: after.id } },
        ],
      });
    }
    const stored = await this.model
      .find(clauses.length > 0 ? { $and: clauses } : {})
      .sort({ firstSeenAt: -1, _id: 1 })
      .limit(limit)
      .lean<StoredDocument<Sighting>[]>()
      .exec();
    return stored.map((document) => this.toEntity(document));
  }

  /** Every row, in id order, optionally only of some cameras: for comparing a rebuild with the live projection. */
  async findAllByCamera(cameraIds?: readonly string[]): Promise<Sighting[]> {
    const stored = await this.model
      .find(cameraIds ? { cameraId: { $in: [...cameraIds] } } : {})
      .sort({ _id: 1 })
      .lean<StoredDocument<Sighting>[]>()
      .exec();
    return stored.map((document) => this.toEntity(document));
  }
}
