import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection, type StoredDocument } from '@sightline/persistence';
import type { RootFilterQuery } from 'mongoose';
import type { AlertReviewFields } from './alert-review-state';
import type { Alert, AlertStatus, OutboxEvent } from './alert.entity';
import { ALERTS_COLLECTION, alertSchema } from './alert.schema';

/** The last row of a page: the next page starts strictly after it in (raisedAt desc, id asc). */
export interface AlertCursor {
  readonly raisedAt: Date;
  readonly id: string;
}

@Injectable()
export class AlertRepository extends BaseRepository<Alert> {
  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    super(mongo.model('Alert', alertSchema, ALERTS_COLLECTION));
  }

  /**
   * Rows written before review existed, or before insertIfAbsent became a plain insert (FerretDB
   * dropped empty arrays from `$setOnInsert`), lack these fields: read them as empty.
   */
  protected override toEntity(stored: StoredDocument<Alert>): Alert {
    const alert = super.toEntity(stored);
    return {
      ...alert,
      lastSeenAt: alert.lastSeenAt ?? alert.raisedAt,
      mergedTrackIds: alert.mergedTrackIds ?? [],
      confirmations: alert.confirmations ?? [],
      escalatedAt: alert.escalatedAt ?? null,
      decidedAt: alert.decidedAt ?? null,
      dismissal: alert.dismissal ?? null,
      revision: alert.revision ?? 0,
      outbox: alert.outbox ?? [],
    };
  }

  async markPublished(id: string): Promise<void> {
    await this.update(id, { $set: { published: true } });
  }

  /**
   * Writes a review decision and its event into the outbox, only if nobody reviewed the alert since
   * it was read (`revision`): the store has no transactions, so this compare-and-set is what keeps
   * two concurrent confirmations from both counting as the first. False when the race was lost.
   */
  async applyReview(
    alert: Alert,
    fields: AlertReviewFields,
    events: readonly OutboxEvent[],
  ): Promise<boolean> {
    const result = await this.model
      .updateOne(
        {
          _id: alert.id,
          // A row written before review existed has no revision yet: it reads as 0.
          ...(alert.revision === 0
            ? { $or: [{ revision: 0 }, { revision: { $exists: false } }] }
            : { revision: alert.revision }),
        },
        {
          $set: { ...fields, revision: alert.revision + 1 },
          $push: { outbox: { $each: [...events] } },
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /**
   * Empties the outbox once its events are published, unless another review wrote since (then its
   * own events are in there too, and the next publication, or the sweep, clears them all). A
   * republished event keeps its id, so consumers drop the copy.
   */
  async clearOutbox(id: string, revision: number): Promise<void> {
    await this.model.updateOne({ _id: id, revision }, { $set: { outbox: [] } }).exec();
  }

  /**
   * The alert of this subject on this camera seen last that is not dismissed: a dismissed alert
   * was a wrong match, so a new sighting deserves its own review.
   */
  async findLatestOpenFor(subjectId: string, cameraId: string): Promise<Alert | undefined> {
    const [latest] = await this.find(
      { subjectId, cameraId, status: { $ne: 'dismissed' } },
      { sort: { lastSeenAt: -1 }, limit: 1 },
    );
    return latest;
  }

  /** Whether a track was already folded into an alert of this camera (a redelivered sighting). */
  async hasMergedTrack(cameraId: string, trackId: string): Promise<boolean> {
    return (await this.count({ cameraId, mergedTrackIds: trackId })) > 0;
  }

  /** Folds a later track into an alert; idempotent, so a redelivered sighting changes nothing. */
  async mergeTrack(id: string, trackId: string, lastSeenAt: Date): Promise<void> {
    await this.model
      .updateOne({ _id: id }, { $addToSet: { mergedTrackIds: trackId }, $max: { lastSeenAt } })
      .exec();
  }

  /** Alerts whose review events are not yet published (a crash or broker outage after the write). */
  async findWithOutbox(limit: number): Promise<Alert[]> {
    return this.find({ 'outbox.0': { $exists: true } }, { limit });
  }

  /** Open alerts, oldest first: the escalation sweep walks them until the first one not yet due. */
  async findOpen(status: 'pending_review' | 'escalated', limit: number): Promise<Alert[]> {
    return this.find({ status }, { sort: { raisedAt: 1 }, limit });
  }

  async findPage(
    status: AlertStatus | undefined,
    after: AlertCursor | undefined,
    limit: number,
  ): Promise<Alert[]> {
    const clauses: RootFilterQuery<StoredDocument<Alert>>[] = [];
    if (status) clauses.push({ status });
    if (after) {
      clauses.push({
        $or: [
          { raisedAt: { $lt: after.raisedAt } },
          { raisedAt: after.raisedAt, _id: { $gt: after.id } },
        ],
      });
    }
    const stored = await this.model
      .find(clauses.length > 0 ? { $and: clauses } : {})
      .sort({ raisedAt: -1, _id: 1 })
      .limit(limit)
      .lean<StoredDocument<Alert>[]>()
      .exec();
    return stored.map((document) => this.toEntity(document));
  }
}
