import type { AuditRecord } from '@sightline/governance';

/**
 * One sealed record of the audit chain as stored: the chained fields (sealed by `hash`) plus
 * storage metadata that is deliberately not sealed. `sequence` is the primary key.
 */
export interface StoredAuditRecord extends AuditRecord {
  /** Envelope id of the auditRecorded event: a redelivered event finds its record and appends nothing. */
  readonly eventId: string;
  readonly chainedAt: Date;
}
