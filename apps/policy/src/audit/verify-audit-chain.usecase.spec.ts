import { chainAuditRecord, type AuditRecord } from '@sightline/governance';
import type { AuditRecordRepository, RawAuditRecord } from './audit-record.repository';
import { VerifyAuditChainUseCase } from './verify-audit-chain.usecase';

function chainOf(actors: readonly string[]): AuditRecord[] {
  const chain: AuditRecord[] = [];
  for (const actor of actors) {
    chain.push(
      chainAuditRecord(chain.at(-1), {
        actor,
        role: 'admin',
        purpose: 'p',
        action: 'watchlist.create',
        target: 'wl',
        at: '2026-03-01T10:00:00.000Z',
        outcome: 'allowed',
      }),
    );
  }
  return chain;
}

/** Serves stored rows the way Mongo pages them: sequence > after, ascending, at most `limit`. */
function verifierOver(rows: readonly RawAuditRecord[]) {
  const findRawPage = jest.fn(async (after: number, limit: number) =>
    rows.filter((row) => (row['sequence'] as number) > after).slice(0, limit),
  );
  const repository = { findRawPage } as unknown as AuditRecordRepository;
  return { findRawPage, useCase: new VerifyAuditChainUseCase(repository) };
}

const stored = (chain: readonly AuditRecord[]): RawAuditRecord[] =>
  chain.map((record, index) => ({ ...record, eventId: `ev-${index}`, chainedAt: new Date() }));

describe('VerifyAuditChainUseCase', () => {
  it('verifies across pages, each anchored on the last record of the page before', async () => {
    const chain = chainOf(['a', 'b', 'c', 'd', 'e']);
    const { useCase, findRawPage } = verifierOver(stored(chain));

    await expect(useCase.execute(2)).resolves.toEqual({
      intact: true,
      count: 5,
      head: { sequence: 5, hash: chain[4]?.hash },
    });
    expect(findRawPage.mock.calls).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
      [5, 2],
    ]);
  });

  it('reports an empty log as intact at genesis', async () => {
    await expect(verifierOver([]).useCase.execute()).resolves.toEqual({
      intact: true,
      count: 0,
      head: { sequence: 0, hash: '0'.repeat(64) },
    });
  });

  it.each([
    [
      'an altered actor on a later page',
      (rows: RawAuditRecord[]) => rows.map((r, i) => (i === 3 ? { ...r, actor: 'mallory' } : r)),
      { sequence: 4, expectedSequence: 4, reason: 'altered-content', actor: 'mallory' },
      3,
    ],
    [
      'a deleted middle record',
      (rows: RawAuditRecord[]) => rows.filter((_, i) => i !== 2),
      { sequence: 4, expectedSequence: 3, reason: 'out-of-sequence', actor: 'd' },
      2,
    ],
    [
      'a record whose link was rewritten',
      (rows: RawAuditRecord[]) =>
        rows.map((r, i) => (i === 1 ? { ...r, previousHash: 'a'.repeat(64) } : r)),
      { sequence: 2, expectedSequence: 2, reason: 'broken-link', actor: 'b' },
      1,
    ],
    [
      'a record stripped of its hash',
      (rows: RawAuditRecord[]) =>
        rows.map((r, i) => {
          if (i !== 4) return r;
          const { hash: _hash, ...rest } = r;
          return rest;
        }),
      { sequence: 5, expectedSequence: 5, reason: 'malformed', actor: 'e' },
      4,
    ],
  ])('names the first broken record: %s', async (_name, tamper, broken, verified) => {
    const { useCase } = verifierOver(tamper(stored(chainOf(['a', 'b', 'c', 'd', 'e']))));

    await expect(useCase.execute(2)).resolves.toEqual({
      intact: false,
      verified,
      broken: { action: 'watchlist.create', at: '2026-03-01T10:00:00.000Z', ...broken },
    });
  });
});
