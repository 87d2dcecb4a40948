import { CODE_BYTES } from './hamming-codes';

const CODE_BITS = CODE_BYTES * 8;
const ROUNDS = 2;

/**
 * Sign codes after a seeded random rotation (SimHash): two vectors at angle θ differ in each bit
 * with probability θ/π, whatever the distribution of the gallery, so the Hamming distance between
 * codes ranks candidates by angle. The rotation is two rounds of random signs and a fast
 * Walsh-Hadamard transform (O(d log d), not a d x d matrix), padded to a power of two; the first
 * 128 rotated coordinates give the bits.
 */
export class SignCoder {
  private readonly width: number;
  private readonly signs: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly dimension: number,
    seed = 0x51_67_48_74,
  ) {
    this.width = Math.max(CODE_BITS, 2 ** Math.ceil(Math.log2(Math.max(1, dimension))));
    this.signs = new Float64Array(this.width * ROUNDS);
    let state = seed >>> 0 || 1;
    for (let i = 0; i < this.signs.length; i += 1) {
      // xorshift32: deterministic, so a rebuild encodes every template exactly as before.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      this.signs[i] = state & 1 ? 1 : -1;
    }
    this.scratch = new Float64Array(this.width);
  }

  /** Writes the code of `vector` (length `dimension`) into `out` (CODE_BYTES long). */
  encode(vector: Float32Array, out: Uint8Array, vectorOffset = 0): void {
    const { scratch: x, signs, width, dimension } = this;
    for (let i = 0; i < dimension; i += 1) x[i] = vector[vectorOffset + i] * signs[i];
    x.fill(0, dimension);
    walshHadamard(x);
    for (let round = 1; round < ROUNDS; round += 1) {
      const base = round * width;
      for (let i = 0; i < width; i += 1) x[i] *= signs[base + i];
      walshHadamard(x);
    }
    for (let byte = 0; byte < CODE_BYTES; byte += 1) {
      let bits = 0;
      for (let bit = 0; bit < 8; bit += 1) if (x[byte * 8 + bit] > 0) bits |= 1 << bit;
      out[byte] = bits;
    }
  }
}

/** In place, unnormalised: only signs are kept, so the scale does not matter. */
function walshHadamard(x: Float64Array): void {
  const n = x.length;
  for (let half = 1; half < n; half <<= 1) {
    for (let start = 0; start < n; start += half << 1) {
      for (let i = start, end = start + half; i < end; i += 1) {
        const a = x[i];
        const b = x[i + half];
        x[i] = a + b;
        x[i + half] = a - b;
      }
    }
  }
}
