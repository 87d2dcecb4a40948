import { auditRecorded, DomainError, ErrorCode, newEnvelope } from '@sightline/contracts';
import { verifyAuditChain } from '@sightline/governance';
import { ServiceMetrics } from '@sightline/observability';
import type { Clock } from '@sightline/service-kit';
import { AuditMetrics } from './audit-metrics';
import type { StoredAuditRecord } from './audit-record.entity';
import type { AuditRecordRepository } from './audit-record.repository';
import type { ChainAuditRecordCommand } from './chain-audit-record.command';
import { ChainAuditRecordUseCase, MAX_CHAIN_ATTEMPTS } from './chain-audit-record.usecase';

/** In-memory stand-in with the two unique keys of the Mongo collection: sequence and event id. */
class InMemoryAuditRecords {
  readonly bySequence = new Map<number, StoredAuditRecord>();
  /** Runs once just before the next insert: another writer acting between read and write. */
  beforeNextInsert: (() => void) | undefined;

  async findByEventId(eventId: string): Promise<StoredAuditRecord | null> {
    return [...this.bySequence.values()].find((record) => record.eventId === eventId) ?? null;
  }

  async findHead(): Promise<StoredAuditRecord | null> {
    const sequences = [...this.bySequence.keys()];
    return sequences.length === 0 ? null : (this.bySequence.get(Math.max(...sequences)) ?? null);
  }

  async insert(record: StoredAuditRecord): Promise<void> {
    const interloper = this.beforeNextInsert;
    this.beforeNextInsert = undefined;
    interloper?.();
    this.put(record);
  }

  put(record: StoredAuditRecord): void {
    if (this.bySequence.has(record.sequence) || this.eventIds().includes(record.eventId)) {
      throw new DomainError(ErrorCode.Conflict, 'audit_records: duplicate key');
    }
    this.bySequence.set(record.sequence, record);
  }

  chain(): StoredAuditRecord[] {
    return [...this.bySequence.values()].sort((a, b) => a.sequence - b.sequence);
  }

  private eventIds(): string[] {
    return [...this.bySequence.values()].map((record) => record.eventId);
  }
}

function setup() {
  const records = new InMemoryAuditRecords();
  const metrics = new AuditMetrics(new ServiceMetrics('policy-test'));
  const clock = { now: () => new Date('2026-03-01T12:00:00Z') } as Clock;
  const useCase = new ChainAuditRecordUseCase(
    records as unknown as AuditRecordRepository,
    metrics,
    clock,
  );
  const appended = async () => (await metrics.recordsAppended.get()).values[0]?.value ?? 0;
  return { records, useCase, appended };
}

function audited(actor: string, action = 'search.watchlist'): ChainAuditRecordCommand {
  return newEnvelope(
    auditRecorded,
    {
      actor,
      role: 'reviewer',
      purpose: 'case 42',
      action,
      target: 'watchlist wl-1',
      at: '2026-03-01T11:59:00.000Z',
      databaseSearched: 'watchlist wl-1',
      outcome: 'allowed',
    },
    { source: 'it' },
  );
}

describe('ChainAuditRecordUseCase', () => {
  it('chains events in arrival order: sequence 1, 2, 3, each linked to the one before', async () => {
    const { records, useCase, appended } = setup();
    const events = [audited('alice'), audited('bob'), audited('carol')];
    for (const event of events) await expect(useCase.execute(event)).resolves.toBe('chained');

    const chain = records.chain();
    expect(chain.map((r) => [r.sequence, r.actor, r.eventId])).toEqual([
      [1, 'alice', events[0]?.id],
      [2, 'bob', events[1]?.id],
      [3, 'carol', events[2]?.id],
    ]);
    expect(chain[0]?.previousHash).toBe('0'.repeat(64));
    expect(chain[1]?.previousHash).toBe(chain[0]?.hash);
    expect(chain[2]?.previousHash).toBe(chain[1]?.hash);
    expect(verifyAuditChain(chain)).toEqual({ ok: true, count: 3 });
    expect(await appended()).toBe(3);
  });

  it('appends nothing for a redelivered event (crash after the insert, before the commit)', async () => {
    const { records, useCase, appended } = setup();
    const first = audited('alice');
    await useCase.execute(first);
    await useCase.execute(audited('bob'));

    await expect(useCase.execute(first)).resolves.toBe('already-chained');
    await expect(useCase.execute(first)).resolves.toBe('already-chained');

    expect(records.chain().map((r) => r.actor)).toEqual(['alice', 'bob']);
    expect(await appended()).toBe(2);
  });

  it('links to the new head when another writer took its sequence first (rebalance overlap)', async () => {
    const { records, useCase, appended } = setup();
    await useCase.execute(audited('alice'));
    // The other replica chains "bob" at sequence 2 between our head read and our insert.
    const bobEvent = audited('bob');
    records.beforeNextInsert = () => {
      const alice = records.chain()[0] as StoredAuditRecord;
      records.put({
        ...alice,
        sequence: 2,
        previousHash: alice.hash,
        actor: 'bob',
        eventId: bobEvent.id,
      });
    };

    await expect(useCase.execute(audited('carol'))).resolves.toBe('chained');

    expect(records.chain().map((r) => [r.sequence, r.actor])).toEqual([
      [1, 'alice'],
      [2, 'bob'],
      [3, 'carol'],
    ]);
    expect(records.chain()[2]?.previousHash).toBe(records.chain()[1]?.hash);
    expect(await appended()).toBe(2);
  });

  it('reports already-chained when another writer chained the very same event meanwhile', async () => {
    const { records, useCase, appended } = setup();
    const event = audited('alice');
    records.beforeNextInsert = () => {
      records.put({
        sequence: 1,
        previousHash: '0'.repeat(64),
        hash: 'f'.repeat(64),
        ...event.payload,
        eventId: event.id,
        chainedAt: new Date(),
      });
    };

    await expect(useCase.execute(event)).resolves.toBe('already-chained');
    expect(records.chain()).toHaveLength(1);
    expect(await appended()).toBe(0);
  });

  it(`hands the event back to the retry budget after ${MAX_CHAIN_ATTEMPTS} lost races`, async () => {
    const { records, useCase } = setup();
    jest.spyOn(records, 'insert').mockRejectedValue(new DomainError(ErrorCode.Conflict, 'taken'));

    await expect(useCase.execute(audited('alice'))).rejects.toMatchObject({
      code: ErrorCode.Conflict,
    });
    expect(records.insert).toHaveBeenCalledTimes(MAX_CHAIN_ATTEMPTS);
  });

  it('refuses a malformed entry instead of sealing it', async () => {
    const { records, useCase } = setup();
    const event = audited('alice');
    const malformed = { ...event, payload: { ...event.payload, actor: '' } };

    await expect(useCase.execute(malformed)).rejects.toMatchObject({
      code: ErrorCode.InvalidPayload,
    });
    expect(records.chain()).toHaveLength(0);
  });
});
