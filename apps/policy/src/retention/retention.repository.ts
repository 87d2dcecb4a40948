import { Inject, Injectable } from '@nestjs/common';
import { MongoConnection } from '@sightline/persistence';
import type { Collection, mongo } from 'mongoose';

/**
 * The collections the purges touch, named by their owners and wired in the module: retention
 * deletes rows of other folders' read models without importing their internals.
 */
export interface RetentionCollections {
  readonly evidence: string;
  readonly sightings: string;
  readonly alerts: string;
}

export const RETENTION_COLLECTIONS = Symbol('RETENTION_COLLECTIONS');

/** The last row of a page of evidence: the next page starts strictly after it. */
export interface EvidenceCursor {
  readonly id: string;
  readonly capturedAt: Date;
}

interface EvidenceRow {
  _id: string;
  capturedAt: Date;
}

interface SightingRow {
  _id: string;
  firstSeenAt: Date;
}

interface AlertRow {
  _id: string;
  status: string;
  evidenceId: string;
}

/**
 * Reads and deletes what retention purges. Only keys and times are read, never the crops, so a page
 * of due evidence costs bytes rather than megabytes. Deletes are by id lists, so a purge deletes
 * exactly the rows it decided on and audited, even while newer rows arrive.
 */
@Injectable()
export class RetentionRepository {
  private readonly evidence: Collection<EvidenceRow>;
  private readonly sightings: Collection<SightingRow>;
  private readonly alerts: Collection<AlertRow>;

  constructor(
    @Inject(MongoConnection) mongo: MongoConnection,
    @Inject(RETENTION_COLLECTIONS) collections: RetentionCollections,
  ) {
    this.evidence = mongo.connection.collection<EvidenceRow>(collections.evidence);
    this.sightings = mongo.connection.collection<SightingRow>(collections.sightings);
    this.alerts = mongo.connection.collection<AlertRow>(collections.alerts);
  }

  /** Evidence captured at or before `cutoff`, oldest first, strictly after `after`. */
  async findEvidenceCapturedBy(
    cutoff: Date,
    after: EvidenceCursor | undefined,
    limit: number,
  ): Promise<EvidenceCursor[]> {
    const filter: mongo.Filter<EvidenceRow> = after
      ? {
          $or: [
            { capturedAt: { $gt: after.capturedAt, $lte: cutoff } },
            { capturedAt: after.capturedAt, _id: { $gt: after.id } },
          ],
        }
      : { capturedAt: { $lte: cutoff } };
    const rows = await this.evidence
      .find(filter, { projection: { _id: 1, capturedAt: 1 } })
      .sort({ capturedAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return rows.map((row) => ({ id: row._id, capturedAt: row.capturedAt }));
  }

  /** Which of these evidence ids support an alert a reviewer has confirmed: a case. */
  async findConfirmedCaseEvidence(evidenceIds: readonly string[]): Promise<Set<string>> {
    if (evidenceIds.length === 0) return new Set();
    const rows = await this.alerts
      .find(
        { status: 'confirmed', evidenceId: { $in: [...evidenceIds] } },
        { projection: { evidenceId: 1 } },
      )
      .toArray();
    return new Set(rows.map((row) => row.evidenceId));
  }

  async deleteEvidence(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.evidence.deleteMany({ _id: { $in: [...ids] } })).deletedCount;
  }

  /** Ids of sightings first seen at or before `cutoff`, oldest first. */
  async findSightingsFirstSeenBy(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.sightings
      .find({ firstSeenAt: { $lte: cutoff } }, { projection: { _id: 1 } })
      .sort({ firstSeenAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return rows.map((row) => row._id);
  }

  async deleteSightings(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.sightings.deleteMany({ _id: { $in: [...ids] } })).deletedCount;
  }
}
