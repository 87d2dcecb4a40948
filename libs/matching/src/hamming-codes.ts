import { createWasmMemory, instantiateHamming, type HammingExports } from './hamming-wasm';

/** Every code is 128 bits: two i64 words, which is what the WebAssembly kernel reads. */
export const CODE_BYTES = 16;

const PAGE_BYTES = 65_536;
const QUERY_AT = 0;
const HISTOGRAM_AT = 64;
const HISTOGRAM_BINS = 129;
const SLOTS_AT = 1024;
/** Upper bound on the candidates one `nearest` call returns; re-ranking more than this is pointless. */
export const MAX_CANDIDATES = 8192;
const DISTANCES_AT = SLOTS_AT + MAX_CANDIDATES * 4;

const align16 = (at: number): number => Math.ceil(at / 16) * 16;

/**
 * Fixed-size binary codes by slot in one WebAssembly memory, with the one query they answer: the
 * slots whose codes are nearest a query code in Hamming distance.
 *
 * Layout: [query | histogram | candidate slots | one distance byte per code | codes]. Growing moves
 * the codes up behind a larger distance area, by doubling, so a replay stays amortised O(1).
 */
export class HammingCodes {
  private readonly memory = createWasmMemory(1);
  private readonly kernel: HammingExports = instantiateHamming(this.memory);
  private capacity = 0;
  private rows = 0;
  private bytes = new Uint8Array(this.memory.buffer);

  constructor(initialCapacity = 1024) {
    this.reserve(Math.max(1, initialCapacity));
  }

  get count(): number {
    return this.rows;
  }

  /** Bytes held: codes, their distance scratch and the fixed areas. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** The writable code of `slot`; `slot === count` appends a zeroed one. */
  codeAt(slot: number): Uint8Array {
    if (slot > this.rows || slot < 0) {
      throw new RangeError(`slot ${slot} is past the ${this.rows} codes held`);
    }
    if (slot === this.rows) {
      if (this.rows === this.capacity) this.reserve(this.capacity * 2);
      this.rows += 1;
    }
    const at = this.codesAt() + slot * CODE_BYTES;
    const code = this.bytes.subarray(at, at + CODE_BYTES);
    return code;
  }

  /** Mirrors TemplateStore.compact: `remap[old] = new` slot, or -1 for a dropped one. */
  compact(remap: Int32Array): void {
    const at = this.codesAt();
    let kept = 0;
    for (let slot = 0; slot < Math.min(this.rows, remap.length); slot += 1) {
      const target = remap[slot];
      if (target < 0) continue;
      if (target !== slot) {
        const from = at + slot * CODE_BYTES;
        this.bytes.copyWithin(at + target * CODE_BYTES, from, from + CODE_BYTES);
      }
      kept = Math.max(kept, target + 1);
    }
    this.bytes.fill(0, at + kept * CODE_BYTES, at + this.rows * CODE_BYTES);
    this.rows = kept;
  }

  /**
   * Slots of the codes nearest `query`: every slot closer than the distance at which `wanted` is
   * reached, then slots at exactly that distance in slot order, at most MAX_CANDIDATES in all.
   */
  nearest(query: Uint8Array, wanted: number): Uint32Array {
    if (this.rows === 0) return new Uint32Array(0);
    const limit = Math.min(Math.max(1, wanted), MAX_CANDIDATES);
    this.bytes.set(query.subarray(0, CODE_BYTES), QUERY_AT);
    const histogram = new Uint32Array(this.memory.buffer, HISTOGRAM_AT, HISTOGRAM_BINS);
    histogram.fill(0);
    this.kernel.distances(this.codesAt(), this.rows, QUERY_AT, DISTANCES_AT, HISTOGRAM_AT);
    let below = 0;
    let cut = 0;
    while (cut < HISTOGRAM_BINS - 1 && below + histogram[cut] < limit) below += histogram[cut++];
    // The kernel compares sixteen distances at a time; padding with 0xff keeps the tail out.
    const padded = align16(this.rows);
    this.bytes.fill(0xff, DISTANCES_AT + this.rows, DISTANCES_AT + padded);
    const found = this.kernel.collect(DISTANCES_AT, padded, cut, SLOTS_AT, limit - below);
    return new Uint32Array(this.memory.buffer, SLOTS_AT, found).slice();
  }

  private codesAt(capacity = this.capacity): number {
    return align16(DISTANCES_AT + align16(capacity));
  }

  private reserve(capacity: number): void {
    const oldCodesAt = this.codesAt();
    const needed = this.codesAt(capacity) + capacity * CODE_BYTES;
    const pages = Math.ceil(needed / PAGE_BYTES) - this.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > 0) this.memory.grow(pages);
    this.bytes = new Uint8Array(this.memory.buffer);
    const newCodesAt = this.codesAt(capacity);
    if (this.rows > 0 && newCodesAt !== oldCodesAt) {
      this.bytes.copyWithin(newCodesAt, oldCodesAt, oldCodesAt + this.rows * CODE_BYTES);
    }
    this.capacity = capacity;
  }
}
