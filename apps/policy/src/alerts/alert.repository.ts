import { Inject, Injectable } from '@nestjs/common';
import { BaseRepository, MongoConnection, type StoredDocument } from '@sightline/persistence';
import type { RootFilterQuery } from 'mongoose';
import type { Alert, AlertStatus } from './alert.entity';
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

  async markPublished(id: string): Promise<void> {
    await this.update(id, { $set: { published: true } });
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
