import { writeFileSync } from 'node:fs';

export const DIMENSION = 128;
/** Per-dimension noise of a planted probe: cosine to its source ~0.87, a realistic same-face score. */
export const PLANT_NOISE = 0.05;

/** xoshiro128**: a 32-bit LCG repeats vectors at this scale (it did, on the first try). */
export function seededRandom(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed | 1;
  const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
}

function normaliseRow(matrix: Float32Array, row: number): void {
  let sum = 0;
  for (let j = 0; j < DIMENSION; j += 1) sum += matrix[row * DIMENSION + j] ** 2;
  const norm = Math.sqrt(sum);
  for (let j = 0; j < DIMENSION; j += 1) matrix[row * DIMENSION + j] /= norm;
}

export interface SyntheticSet {
  readonly gallery: Float32Array;
  readonly probes: Float32Array;
  /** Gallery row each probe was planted from. */
  readonly sources: Int32Array;
}

export function syntheticSet(size: number, probes: number, seed: number): SyntheticSet {
  const random = seededRandom(seed);
  const gallery = new Float32Array(size * DIMENSION);
  for (let i = 0; i < gallery.length; i += 1) gallery[i] = gaussian(random);
  for (let row = 0; row < size; row += 1) normaliseRow(gallery, row);
  const probeRows = new Float32Array(probes * DIMENSION);
  const sources = new Int32Array(probes);
  for (let p = 0; p < probes; p += 1) {
    const source = Math.floor(random() * size);
    sources[p] = source;
    for (let j = 0; j < DIMENSION; j += 1) {
      probeRows[p * DIMENSION + j] =
        gallery[source * DIMENSION + j] + PLANT_NOISE * gaussian(random);
    }
    normaliseRow(probeRows, p);
  }
  return { gallery, probes: probeRows, sources };
}

export function writeF32(path: string, data: Float32Array): void {
  writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}
