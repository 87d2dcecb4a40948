import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { MongoConnection, translateWriteError } from '@sightline/persistence';
import type { Model, RootFilterQuery } from 'mongoose';
import type { StoredAuditRecord } from './audit-record.entity';
import {
  AUDIT_RECORDS_COLLECTION,
  auditRecordSchema,
  type AuditRecordDocument,
} from './audit-record.schema';

/** What a stored document looks like to the verifier: whatever is there, unvalidated. */
export type RawAuditRecord = Record<string, unknown>;

/**
 * The hash-chained audit log in Mongo. Not a BaseRepository: its key is a number (the sequence),
 * and its reads must hand the verifier exactly what is stored, tampered or not.
 */
@Injectable()
export class AuditRecordRepository {
  private readonly model: Model<AuditRecordDocument>;

  constructor(@Inject(MongoConnection) mongo: MongoConnection) {
    this.model = mongo.model('AuditRecord', auditRecordSchema, AUDIT_RECORDS_COLLECTION);
  }

  async findByEventId(eventId: string): Promise<StoredAuditRecord | null> {
    const stored = await this.model.findOne({ eventId }).lean<AuditRecordDocument>().exec();
    return stored ? toRecord(stored) : null;
  }

  /** The record with the highest sequence: the head the next record links to. */
  async findHead(): Promise<StoredAuditRecord | null> {
    const stored = await this.model
      .findOne({})
      .sort({ _id: -1 })
      .lean<AuditRecordDocument>()
      .exec();
    return stored ? toRecord(stored) : null;
  }

  /**
   * Inserts (never upserts) the record. CONFLICT when its sequence or its event id is already
   * taken: the caller re-reads and decides, so a lost race can neither overwrite nor fork the chain.
   */
  async insert(record: StoredAuditRecord): Promise<void> {
    const { sequence, ...fields } = record;
    try {
      await this.model.create([{ _id: sequence, ...fields }]);
    } catch (error) {
      throw translateWriteError(error, AUDIT_RECORDS_COLLECTION);
    }
  }

  /**
   * Up to `limit` stored records with a sequence above `afterSequence`, in sequence order, as the
   * verifier must see them: raw, with `_id` exposed as `sequence` and nothing validated.
   */
  async findRawPage(afterSequence: number, limit: number): Promise<RawAuditRecord[]> {
    return this.findRaw({ _id: { $gt: afterSequence } }, limit);
  }

  /** Records for auditors, in chain order: optionally one actor's, from `afterSequence` on. */
  async findRawPageByActor(
    actor: string | undefined,
    afterSequence: number,
    limit: number,
  ): Promise<RawAuditRecord[]> {
    return this.findRaw(
      actor ? { actor, _id: { $gt: afterSequence } } : { _id: { $gt: afterSequence } },
      limit,
    );
  }

  private async findRaw(
    filter: RootFilterQuery<AuditRecordDocument>,
    limit: number,
  ): Promise<RawAuditRecord[]> {
    if (limit <= 0) throw new DomainError(ErrorCode.InvalidArgument, 'page limit must be positive');
    const stored = await this.model
      .find(filter)
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Record<string, unknown>[]>()
      .exec();
    return stored.map(({ _id, ...fields }) => ({ sequence: _id, ...fields }));
  }
}

function toRecord(stored: AuditRecordDocument): StoredAuditRecord {
  const { _id, ...fields } = stored;
  return { sequence: _id, ...fields } as StoredAuditRecord;
}
