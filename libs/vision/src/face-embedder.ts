import type { RgbImage } from './rgb-image';

/** One file implementing this plus a manifest entry adds an embedder (SFace, ArcFace, ...). */
export interface FaceEmbedder {
  /** Square chip side the embedder expects from the aligner. */
  readonly chipSize: number;
  /** L2-normalised templates, one per chip. */
  embed(chips: readonly RgbImage[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}

export function l2Normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  return v.map((x) => x * inv);
}

/** For L2-normalised templates this is the cosine similarity. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
}
