import { Schema } from 'mongoose';

export const AUDIT_RECORDS_COLLECTION = 'audit_records';

/** Stored shape: the sequence number is `_id`, so two writers can never both take one position. */
export interface AuditRecordDocument {
  readonly _id: number;
  readonly eventId: string;
  readonly actor: string;
  readonly role: string;
  readonly purpose: string;
  readonly action: string;
  readonly target: string;
  /** Kept as the exact ISO string that was sealed: a Date round trip could change its spelling. */
  readonly at: string;
  readonly databaseSearched?: string;
  readonly outcome: string;
  readonly previousHash: string;
  readonly hash: string;
  readonly chainedAt: Date;
}

export const auditRecordSchema = new Schema<AuditRecordDocument>(
  {
    _id: { type: Number, required: true },
    eventId: { type: String, required: true },
    actor: { type: String, required: true },
    role: { type: String, required: true },
    purpose: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String, required: true },
    at: { type: String, required: true },
    databaseSearched: String,
    outcome: { type: String, required: true },
    previousHash: { type: String, required: true },
    hash: { type: String, required: true },
    chainedAt: { type: Date, required: true },
  },
  { versionKey: false, _id: false },
);
// Idempotency of the projection: one record per auditRecorded event, however often it is delivered.
auditRecordSchema.index({ eventId: 1 }, { unique: true });
// Serves `audit-cli list --actor` for auditors, in chain order.
auditRecordSchema.index({ actor: 1, _id: 1 });
