import { Inject, Injectable } from '@nestjs/common';
import {
  GENESIS_PREVIOUS_HASH,
  verifyAuditChain,
  type AuditChainAnchor,
  type AuditChainBreak,
} from '@sightline/governance';
import { AuditRecordRepository, type RawAuditRecord } from './audit-record.repository';

/** Records read per round trip: bounded memory however long the log grows. */
export const VERIFY_PAGE_SIZE = 1_000;

/** The first record that breaks the chain, with what an auditor needs to find it. */
export interface BrokenAuditRecord {
  readonly sequence: number;
  /** The sequence the chain expected at that position; differs from `sequence` at a gap. */
  readonly expectedSequence: number;
  readonly reason: AuditChainBreak;
  readonly action?: string;
  readonly actor?: string;
  readonly at?: string;
}

export type AuditChainReport =
  | { readonly intact: true; readonly count: number; readonly head: AuditChainAnchor }
  | { readonly intact: false; readonly verified: number; readonly broken: BrokenAuditRecord };

const GENESIS: AuditChainAnchor = { sequence: 0, hash: GENESIS_PREVIOUS_HASH };

function text(record: RawAuditRecord | undefined, field: string): string | undefined {
  const value = record?.[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Recomputes the whole stored chain, page by page in sequence order, each page anchored on the last
 * record of the one before, and names the first record that breaks it. The `verify` command and the
 * in-service monitor both run this. A deletion of the newest records is invisible to it (see
 * verifyAuditChain); the monitor catches a shrinking chain, an external anchor would catch the rest.
 */
@Injectable()
export class VerifyAuditChainUseCase {
  constructor(@Inject(AuditRecordRepository) private readonly records: AuditRecordRepository) {}

  async execute(pageSize = VERIFY_PAGE_SIZE): Promise<AuditChainReport> {
    let anchor = GENESIS;
    let count = 0;
    for (;;) {
      const page = await this.records.findRawPage(anchor.sequence, pageSize);
      if (page.length === 0) return { intact: true, count, head: anchor };
      const verdict = verifyAuditChain(page, anchor);
      if (!verdict.ok) {
        const record = page[verdict.position];
        return {
          intact: false,
          verified: count + verdict.position,
          broken: {
            sequence: verdict.firstBrokenSequence,
            expectedSequence: anchor.sequence + verdict.position + 1,
            reason: verdict.reason,
            action: text(record, 'action'),
            actor: text(record, 'actor'),
            at: text(record, 'at'),
          },
        };
      }
      count += page.length;
      const last = page[page.length - 1];
      // verifyAuditChain accepted every record of the page, so these are a valid sequence and hash.
      anchor = { sequence: last?.['sequence'] as number, hash: last?.['hash'] as string };
    }
  }
}
