import { Inject, Injectable } from '@nestjs/common';
import {
  BaseRepository,
  MongoConnection,
  translateWriteError,
  type StoredDocument,
} from '@sightline/persistence';
import type { UpdateQuery } from 'mongoose';
import type { SubjectListing } from './gallery-listing.entity';
import { SUBJECT_LISTINGS_COLLECTION, subjectListingSchema } from './gallery-listing.schema';
import { notYetApplied, revisionOf, type ListingPosition } from './listing-revision';

export interface SubjectPageQuery {
  readonly watchlistId: string;
  readonly afterSubjectId?: string;
  readonly limit: number;
  readonly includeRemoved: boolean;
}

export interface SubjectRemoval {
  readonly removedAt: Date;
  readonly removedBy: string;
  readonly reason: string;
}

/**
 * Every write is conditional on the document not having seen this event or a later one of its
 * watchlist (see ListingPosition), so a redelivery, a replay by another replica, or two replicas
 * applying the same event at once all leave one and the same document.
 */
@Injectable()
export class SubjectListingRepository extends BaseRepository<SubjectListing> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('SubjectListing', subjectListingSchema, SUBJECT_LISTINGS_COLLECTION));
  }

  /**
   * Inserts the subject, or re-enrols one that was removed (the gallery allows it), as the
   * projection does; enrolling an enrolled subject again changes nothing.
   */
  async enrol(subject: SubjectListing, position: ListingPosition): Promise<boolean> {
    const { id, ...fields } = subject;
    const reEnrolled = await this.guardedUpdate(
      id,
      position,
      { $set: fields, $unset: { removedAt: 1, removedBy: 1, removalReason: 1 } },
      { status: 'removed' },
    );
    return reEnrolled || this.insertIfAbsent(subject);
  }

  addTemplate(id: string, templateId: string, position: ListingPosition): Promise<boolean> {
    return this.guardedUpdate(
      id,
      position,
      { $addToSet: { templateIds: templateId }, $set: revisionOf(position) },
      { status: 'enrolled' },
    );
  }

  removeTemplate(id: string, templateId: string, position: ListingPosition): Promise<boolean> {
    return this.guardedUpdate(id, position, {
      $pull: { templateIds: templateId },
      $set: revisionOf(position),
    });
  }

  remove(id: string, removal: SubjectRemoval, position: ListingPosition): Promise<boolean> {
    return this.guardedUpdate(id, position, {
      $set: {
        status: 'removed',
        templateIds: [],
        removedAt: removal.removedAt,
        removedBy: removal.removedBy,
        removalReason: removal.reason,
        ...revisionOf(position),
      },
    });
  }

  /** Keyset pagination on (watchlistId, subjectId), served by the compound index. */
  async page(query: SubjectPageQuery): Promise<SubjectListing[]> {
    const stored = await this.model
      .find({
        watchlistId: query.watchlistId,
        ...(query.afterSubjectId === undefined ? {} : { subjectId: { $gt: query.afterSubjectId } }),
        ...(query.includeRemoved ? {} : { status: 'enrolled' }),
      })
      .sort({ watchlistId: 1, subjectId: 1 })
      .limit(query.limit)
      .lean<StoredDocument<SubjectListing>[]>()
      .exec();
    return stored.map((document) => this.toEntity(document));
  }

  /** Enrolled subjects per watchlist, for the watchlists of one page (absent = 0). */
  async enrolledCounts(watchlistIds: readonly string[]): Promise<Map<string, number>> {
    if (watchlistIds.length === 0) return new Map();
    const rows = await this.model
      .aggregate<{ _id: string; subjects: number }>([
        { $match: { watchlistId: { $in: [...watchlistIds] }, status: 'enrolled' } },
        { $group: { _id: '$watchlistId', subjects: { $sum: 1 } } },
      ])
      .exec();
    return new Map(rows.map((row) => [row._id, row.subjects]));
  }

  /** Rows inserted before insertIfAbsent became a plain insert lost their empty array (FerretDB). */
  protected override toEntity(stored: StoredDocument<SubjectListing>): SubjectListing {
    const entity = super.toEntity(stored);
    return { ...entity, templateIds: entity.templateIds ?? [] };
  }

  /** Drops the whole read model of subjects, for a rebuild from the topic. */
  async clear(): Promise<void> {
    await this.model.deleteMany({}).exec();
  }

  private async guardedUpdate(
    id: string,
    position: ListingPosition,
    update: UpdateQuery<StoredDocument<SubjectListing>>,
    condition: Partial<Pick<SubjectListing, 'status'>> = {},
  ): Promise<boolean> {
    try {
      const result = await this.model
        .updateOne({ _id: id, ...condition, ...notYetApplied(position) }, update)
        .exec();
      return result.modifiedCount === 1;
    } catch (error) {
      throw translateWriteError(error, SUBJECT_LISTINGS_COLLECTION);
    }
  }
}
