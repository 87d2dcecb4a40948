import { createHash } from 'node:crypto';
import { auditRecorded, DomainError, ErrorCode, type PayloadOf } from '@sightline/contracts';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';

export type AuditEntry = PayloadOf<typeof auditRecorded>;

export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);
export const FIRST_AUDIT_SEQUENCE = 1;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** Only the contracted fields are sealed; storage metadata such as `_id` may ride along unsealed. */
export const auditRecordSchema = auditRecorded.schema.extend({
  sequence: z.number().int().positive(),
  previousHash: sha256Hex,
  hash: sha256Hex,
});

export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** The last trusted record before a segment, so archived prefixes need not be re-read. */
export interface AuditChainAnchor {
  readonly sequence: number;
  readonly hash: string;
}

const GENESIS_ANCHOR: AuditChainAnchor = {
  sequence: FIRST_AUDIT_SEQUENCE - 1,
  hash: GENESIS_PREVIOUS_HASH,
};

export type AuditChainBreak = 'malformed' | 'out-of-sequence' | 'broken-link' | 'altered-content';

export type AuditChainVerdict =
  | { readonly ok: true; readonly count: number }
  | {
      readonly ok: false;
      readonly firstBrokenSequence: number;
      readonly position: number;
      readonly reason: AuditChainBreak;
    };

function sealOf(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
}

/** Appends `entry` after `previous` (or at genesis), sealing it with the hash of its content and link. */
export function chainAuditRecord(
  previous: AuditRecord | undefined,
  entry: AuditEntry,
): AuditRecord {
  const parsed = auditRecorded.schema.safeParse(entry);
  if (!parsed.success) {
    throw new DomainError(
      ErrorCode.InvalidPayload,
      `audit entry is malformed: ${parsed.error.message}`,
    );
  }
  const anchor = previous ?? GENESIS_ANCHOR;
  const unsealed = { ...parsed.data, sequence: anchor.sequence + 1, previousHash: anchor.hash };
  return { ...unsealed, hash: sealOf(unsealed) };
}

/**
 * Recomputes the chain and names the first record that breaks it. Checks run cheapest-first per
 * record, so a deletion reads as a sequence gap and an edit as altered content. A deletion at the
 * very end is invisible here: the head must be anchored elsewhere.
 */
export function verifyAuditChain(
  records: readonly unknown[],
  anchor: AuditChainAnchor = GENESIS_ANCHOR,
): AuditChainVerdict {
  let previous = anchor;
  for (const [position, candidate] of records.entries()) {
    const expectedSequence = previous.sequence + 1;
    const broken = (reason: AuditChainBreak, sequence: number): AuditChainVerdict => ({
      ok: false,
      firstBrokenSequence: sequence,
      position,
      reason,
    });
    const parsed = auditRecordSchema.safeParse(candidate);
    if (!parsed.success) return broken('malformed', expectedSequence);
    const { hash, ...unsealed } = parsed.data;
    if (unsealed.sequence !== expectedSequence) return broken('out-of-sequence', unsealed.sequence);
    if (unsealed.previousHash !== previous.hash) return broken('broken-link', unsealed.sequence);
    if (sealOf(unsealed) !== hash) return broken('altered-content', unsealed.sequence);
    previous = { sequence: unsealed.sequence, hash };
  }
  return { ok: true, count: records.length };
}
