import type { SlotHit } from './top-k';

/** exact: f32 scan; binary: sign-code scan + exact re-rank; ann: usearch HNSW + exact re-rank. */
export type EngineKind = 'exact' | 'binary' | 'ann';

/** One way of finding the best rows of a TemplateStore. Scores are always exact cosines. */
export interface SearchEngine {
  readonly kind: EngineKind;
  /** Called after the store appended `slot`. */
  add(slot: number): void;
  /** Called after the store killed `slot`. */
  remove(slot: number): void;
  /** Best `k` live slots scoring at least `minScore`, best first. */
  search(probe: Float32Array, k: number, minScore: number): SlotHit[];
  /** Memory held beyond the store's own matrix. */
  readonly indexBytes: number;
}
