import { dotRow } from './dot-product';
import type { EngineKind, SearchEngine } from './search-engine';
import type { TemplateStore } from './template-store';
import { TopK, type SlotHit } from './top-k';

/** Brute force over the contiguous matrix: the reference every other engine is measured against. */
export class ExactEngine implements SearchEngine {
  readonly kind: EngineKind = 'exact';
  readonly indexBytes = 0;

  constructor(private readonly store: TemplateStore) {}

  add(): void {
    // The matrix is the index.
  }

  remove(): void {
    // Dead rows are skipped by the liveness check in search.
  }

  search(probe: Float32Array, k: number, minScore: number): SlotHit[] {
    const { dimension, matrix, size } = this.store;
    const top = new TopK(k, minScore);
    for (let slot = 0; slot < size; slot += 1) {
      const score = dotRow(probe, matrix, slot * dimension, dimension);
      if (score >= top.floor && this.store.isLive(slot)) top.offer(slot, score);
    }
    return top.result();
  }
}
