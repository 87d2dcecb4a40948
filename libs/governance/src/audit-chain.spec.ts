import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '@sightline/contracts';
import {
  chainAuditRecord,
  GENESIS_PREVIOUS_HASH,
  verifyAuditChain,
  type AuditChainVerdict,
  type AuditEntry,
  type AuditRecord,
} from './audit-chain';
import { canonicalJson } from './canonical-json';
import { thrownDomainError } from './thrown.fixture';

const N = 6;

function entry(i: number): AuditEntry {
  return {
    actor: `user-${i}`,
    role: i % 2 === 0 ? 'reviewer' : 'system',
    purpose: 'missing persons',
    action: 'alerts.review',
    target: `alert-${i}`,
    at: new Date(Date.UTC(2026, 2, 1, 12, i)).toISOString(),
    ...(i % 3 === 0 ? { databaseSearched: 'watchlist w1' } : {}),
    outcome: 'allowed',
  };
}

function chainOf(count: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 0; i < count; i += 1) records.push(chainAuditRecord(records.at(-1), entry(i)));
  return records;
}

const brokenAt = (
  firstBrokenSequence: number,
  reason: Extract<AuditChainVerdict, { ok: false }>['reason'],
) => expect.objectContaining({ ok: false, firstBrokenSequence, reason });

/** Alters one field of record k (1-based sequence) without re-sealing it. */
function alter(records: AuditRecord[], k: number, change: Partial<AuditRecord>): AuditRecord[] {
  return records.map((record) => (record.sequence === k ? { ...record, ...change } : record));
}

describe('chainAuditRecord', () => {
  it('starts at sequence 1 linked to 64 zeros, with the documented hash', () => {
    const [genesis] = chainOf(1);
    const { hash, ...unsealed } = genesis;

    expect(genesis.sequence).toBe(1);
    expect(genesis.previousHash).toBe(GENESIS_PREVIOUS_HASH);
    expect(GENESIS_PREVIOUS_HASH).toBe('0'.repeat(64));
    expect(hash).toBe(createHash('sha256').update(canonicalJson(unsealed)).digest('hex'));
  });

  it('links each record to the hash of the one before', () => {
    const records = chainOf(N);
    for (let i = 1; i < N; i += 1) {
      expect(records[i].sequence).toBe(i + 1);
      expect(records[i].previousHash).toBe(records[i - 1].hash);
    }
  });

  it('seals only contracted fields, so an undefined optional hashes like an absent one', () => {
    const withUndefined = chainAuditRecord(undefined, { ...entry(1), databaseSearched: undefined });
    expect(withUndefined.hash).toBe(chainAuditRecord(undefined, entry(1)).hash);
  });

  it('refuses a malformed entry', () => {
    const error = thrownDomainError(() => chainAuditRecord(undefined, { ...entry(1), actor: '' }));
    expect(error.code).toBe(ErrorCode.InvalidPayload);
  });
});

describe('verifyAuditChain', () => {
  it.each([0, 1, N])('accepts an untouched chain of %s records', (count) => {
    expect(verifyAuditChain(chainOf(count))).toEqual({ ok: true, count });
  });

  const fieldChanges: [string, Partial<AuditRecord>][] = [
    ['actor', { actor: 'someone-else' }],
    ['role', { role: 'admin' }],
    ['purpose', { purpose: 'curiosity' }],
    ['action', { action: 'audit.read' }],
    ['target', { target: 'alert-x' }],
    ['at', { at: '2020-01-01T00:00:00.000Z' }],
    ['databaseSearched', { databaseSearched: 'all-faces' }],
    ['outcome', { outcome: 'refused' }],
  ];
  const positions = Array.from({ length: N }, (_, i) => i + 1);

  it.each(positions.flatMap((k) => fieldChanges.map(([field, change]) => ({ k, field, change }))))(
    'altering $field of record $k fails exactly at $k',
    ({ k, change }) => {
      expect(verifyAuditChain(alter(chainOf(N), k, change))).toEqual(
        brokenAt(k, 'altered-content'),
      );
    },
  );

  it.each(positions.slice(0, -1))('deleting record %s fails at the next one', (k) => {
    const records = chainOf(N).filter((record) => record.sequence !== k);
    expect(verifyAuditChain(records)).toEqual(brokenAt(k + 1, 'out-of-sequence'));
  });

  it.each([
    [1, 2],
    [2, 5],
    [5, 6],
  ])('swapping records %s and %s fails where the later one appears', (a, b) => {
    const records = chainOf(N);
    [records[a - 1], records[b - 1]] = [records[b - 1], records[a - 1]];
    expect(verifyAuditChain(records)).toEqual(brokenAt(b, 'out-of-sequence'));
  });

  it.each(positions.slice(0, -1))(
    're-sealing an altered record %s is caught by the link of the next',
    (k) => {
      const records = chainOf(N);
      const forged = chainAuditRecord(records[k - 2], { ...entry(k - 1), purpose: 'curiosity' });
      records[k - 1] = forged;
      expect(verifyAuditChain(records)).toEqual(brokenAt(k + 1, 'broken-link'));
    },
  );

  it.each<[string, (records: AuditRecord[]) => unknown[], AuditChainVerdict]>([
    [
      'a forged previousHash on record 3',
      (r) => alter(r, 3, { previousHash: 'f'.repeat(64) }),
      brokenAt(3, 'broken-link'),
    ],
    [
      'a forged hash on record 4',
      (r) => alter(r, 4, { hash: 'a'.repeat(64) }),
      brokenAt(4, 'altered-content'),
    ],
    [
      'a record that is not an audit record',
      (r) => [...r.slice(0, 2), { nope: true }, ...r.slice(3)],
      brokenAt(3, 'malformed'),
    ],
    ['a chain that does not start at genesis', (r) => r.slice(1), brokenAt(2, 'out-of-sequence')],
  ])('names the first break for %s', (_case, tamper, expected) => {
    expect(verifyAuditChain(tamper(chainOf(N)))).toEqual(expected);
  });

  it('reports the position in the array alongside the sequence', () => {
    const records = chainOf(N).filter((record) => record.sequence !== 2);
    expect(verifyAuditChain(records)).toMatchObject({ position: 1, firstBrokenSequence: 3 });
  });

  it('verifies a segment from an anchor, and rejects it from the wrong anchor', () => {
    const records = chainOf(N);
    const anchor = { sequence: records[2].sequence, hash: records[2].hash };

    expect(verifyAuditChain(records.slice(3), anchor)).toEqual({ ok: true, count: N - 3 });
    expect(verifyAuditChain(records.slice(3), { ...anchor, hash: records[1].hash })).toEqual(
      brokenAt(4, 'broken-link'),
    );
  });

  it('tolerates unsealed storage metadata riding along', () => {
    const stored = chainOf(N).map((record, i) => ({ ...record, _id: `db-${i}` }));
    expect(verifyAuditChain(stored)).toEqual({ ok: true, count: N });
  });

  it('never throws on garbage input', () => {
    expect(() => verifyAuditChain([null, 42, 'x'])).not.toThrow(DomainError);
    expect(verifyAuditChain([null])).toEqual(brokenAt(1, 'malformed'));
  });
});
