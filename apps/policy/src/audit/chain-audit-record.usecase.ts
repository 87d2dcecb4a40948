import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { chainAuditRecord } from '@sightline/governance';
import { Clock } from '@sightline/service-kit';
import { AuditMetrics } from './audit-metrics';
import { AuditRecordRepository } from './audit-record.repository';
import type { ChainAuditRecordCommand } from './chain-audit-record.command';

export type ChainResult = 'chained' | 'already-chained';

/** Lost races in a row before the event is handed back to the consumer's retry budget. */
export const MAX_CHAIN_ATTEMPTS = 5;

/**
 * Seals one auditRecorded event onto the head of the chain. audit.v1 has one partition and policy
 * one consumer group, so events arrive in topic order and the chain follows it.
 *
 * Idempotent by event id: a crash after the insert but before the offset commit redelivers the
 * event, which then finds its record and appends nothing (the unique eventId index backs this up).
 *
 * Safe against two writers: Kafka gives the partition to one replica at a time, but around a
 * rebalance the old owner may still be finishing an event while the new one starts. Records are
 * inserted (never upserted) keyed by sequence, so when both read the same head only one insert of
 * that sequence succeeds; the loser gets CONFLICT, re-reads, and either finds its event already
 * chained or links to the new head. The chain can neither fork nor hold an event twice.
 */
@Injectable()
export class ChainAuditRecordUseCase {
  constructor(
    @Inject(AuditRecordRepository) private readonly records: AuditRecordRepository,
    @Inject(AuditMetrics) private readonly metrics: AuditMetrics,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(command: ChainAuditRecordCommand): Promise<ChainResult> {
    for (let attempt = 1; ; attempt += 1) {
      if (await this.records.findByEventId(command.id)) return 'already-chained';
      const head = await this.records.findHead();
      const record = chainAuditRecord(head ?? undefined, command.payload);
      try {
        await this.records.insert({ ...record, eventId: command.id, chainedAt: this.clock.now() });
      } catch (error) {
        const lostRace = error instanceof DomainError && error.code === ErrorCode.Conflict;
        if (lostRace && attempt < MAX_CHAIN_ATTEMPTS) continue;
        throw error;
      }
      this.metrics.recordsAppended.inc();
      return 'chained';
    }
  }
}
