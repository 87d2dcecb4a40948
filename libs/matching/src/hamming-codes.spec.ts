import { CODE_BYTES, HammingCodes, MAX_CANDIDATES } from './hamming-codes';
import { seededRandom } from './gallery-events.fixture';

function randomCode(random: () => number): Uint8Array {
  return Uint8Array.from({ length: CODE_BYTES }, () => Math.floor(random() * 256));
}

function hamming(a: Uint8Array, b: Uint8Array): number {
  let bits = 0;
  for (let i = 0; i < CODE_BYTES; i += 1) {
    let x = a[i] ^ b[i];
    while (x !== 0) {
      bits += x & 1;
      x >>= 1;
    }
  }
  return bits;
}

/** The reference answer: every slot below the wanted-th smallest distance, then ties in slot order. */
function referenceNearest(codes: Uint8Array[], query: Uint8Array, wanted: number): number[] {
  const distances = codes.map((code) => hamming(code, query));
  const cut = [...distances].sort((a, b) => a - b)[Math.min(wanted, codes.length) - 1];
  const below = distances.flatMap((d, slot) => (d < cut ? [slot] : []));
  const atCut = distances.flatMap((d, slot) => (d === cut ? [slot] : []));
  return [...below, ...atCut.slice(0, wanted - below.length)].sort((a, b) => a - b);
}

describe('HammingCodes', () => {
  const random = seededRandom(7);

  function filled(count: number): { codes: HammingCodes; stored: Uint8Array[] } {
    // Starting small makes the test cross several growths, which move the codes in memory.
    const codes = new HammingCodes(4);
    const stored: Uint8Array[] = [];
    for (let slot = 0; slot < count; slot += 1) {
      const code = randomCode(random);
      codes.codeAt(slot).set(code);
      stored.push(code);
    }
    return { codes, stored };
  }

  it('returns exactly the nearest codes a plain popcount finds, across growths', () => {
    const { codes, stored } = filled(5003);
    for (const wanted of [1, 5, 64, 300]) {
      for (let q = 0; q < 20; q += 1) {
        const query = q % 2 === 0 ? randomCode(random) : stored[q * 97];
        const found = [...codes.nearest(query, wanted)].sort((a, b) => a - b);
        expect(found).toEqual(referenceNearest(stored, query, wanted));
      }
    }
  });

  it('finds an exact copy first and a one-bit neighbour next', () => {
    const { codes, stored } = filled(2000);
    const neighbour = Uint8Array.from(stored[1234]);
    neighbour[3] ^= 0x10;
    codes.codeAt(2000).set(neighbour);

    const found = [...codes.nearest(stored[1234], 2)].sort((a, b) => a - b);

    expect(found).toEqual([1234, 2000]);
  });

  it('handles counts that are not a multiple of sixteen without reading past the last code', () => {
    for (const count of [1, 15, 17, 33]) {
      const { codes, stored } = filled(count);
      const found = codes.nearest(stored[count - 1], count + 10);
      expect(found.length).toBe(count);
      expect([...found].sort((a, b) => a - b)).toEqual(stored.map((_, slot) => slot));
    }
  });

  it('caps the candidates it returns', () => {
    const codes = new HammingCodes(16);
    const same = randomCode(random);
    for (let slot = 0; slot < MAX_CANDIDATES + 100; slot += 1) codes.codeAt(slot).set(same);
    expect(codes.nearest(same, MAX_CANDIDATES * 2).length).toBe(MAX_CANDIDATES);
  });

  it('compacts like the template store: survivors move down, in order', () => {
    const { codes, stored } = filled(100);
    const remap = new Int32Array(100).fill(-1);
    let next = 0;
    for (let slot = 0; slot < 100; slot += 1) if (slot % 3 !== 0) remap[slot] = next++;

    codes.compact(remap);

    expect(codes.count).toBe(next);
    for (let slot = 0; slot < 100; slot += 1) {
      if (remap[slot] >= 0) expect(codes.codeAt(remap[slot])).toEqual(stored[slot]);
    }
  });

  it('refuses a slot past the end instead of growing a gap', () => {
    const { codes } = filled(3);
    expect(() => codes.codeAt(5)).toThrow(RangeError);
  });
});
