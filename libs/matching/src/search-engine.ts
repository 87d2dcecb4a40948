import type { SlotHit } from './top-k';

export type EngineKind = 'exact' | 'ann';

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
