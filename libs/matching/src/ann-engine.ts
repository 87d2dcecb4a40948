import { Index, MetricKind, ScalarKind } from 'usearch';
import type { AnnOptions, AnnQuantization } from './ann-options';
import { dotRow } from './dot-product';
import type { EngineKind, SearchEngine } from './search-engine';
import type { TemplateStore } from './template-store';
import { TopK, type SlotHit } from './top-k';

const SCALAR: Record<AnnQuantization, ScalarKind> = {
  f32: ScalarKind.F32,
  f16: ScalarKind.F16,
  i8: ScalarKind.I8,
};
const SCALAR_BYTES: Record<AnnQuantization, number> = { f32: 4, f16: 2, i8: 1 };
const BUILD_BATCH_ROWS = 65_536;

/**
 * HNSW (usearch) keyed by store slot. The graph only proposes candidates: each is re-checked for
 * liveness and re-scored against the f32 matrix, so quantisation never changes a reported score and
 * a removed slot the graph still holds can never be returned.
 */
export class AnnEngine implements SearchEngine {
  readonly kind: EngineKind = 'ann';

  private constructor(
    private readonly store: TemplateStore,
    private readonly options: AnnOptions,
    private readonly index: Index,
  ) {}

  static build(store: TemplateStore, options: AnnOptions): AnnEngine {
    const engine = new AnnEngine(store, options, AnnEngine.emptyIndex(store.dimension, options));
    engine.addLiveRows();
    return engine;
  }

  /** Loads a graph saved by `save` for exactly this store's slots. */
  static load(store: TemplateStore, options: AnnOptions, path: string): AnnEngine {
    const index = AnnEngine.emptyIndex(store.dimension, options);
    index.load(path);
    if (index.size() !== store.liveCount) {
      throw new Error(
        `ANN index at ${path} holds ${index.size()} rows, store has ${store.liveCount}`,
      );
    }
    return new AnnEngine(store, options, index);
  }

  get indexBytes(): number {
    // usearch does not expose its allocation to JS; this is the layout it documents (vector copy,
    // level-0 neighbour list, key) and matches the saved file size within a few percent.
    const perRow =
      SCALAR_BYTES[this.options.quantization] * this.store.dimension +
      this.options.connectivity * 2 * 4 +
      8 +
      8;
    return this.index.size() * perRow;
  }

  save(path: string): void {
    this.index.save(path);
  }

  add(slot: number): void {
    this.index.add(BigInt(slot), this.store.row(slot), 1);
  }

  remove(slot: number): void {
    this.index.remove(BigInt(slot));
  }

  search(probe: Float32Array, k: number, minScore: number): SlotHit[] {
    if (this.index.size() === 0) return [];
    const depth = Math.min(Math.max(k, this.options.rerankDepth), this.index.size());
    const { keys } = this.index.search(probe, depth, 1);
    const { dimension, matrix } = this.store;
    const top = new TopK(k, minScore);
    for (const key of keys) {
      const slot = Number(key);
      if (!this.store.isLive(slot)) continue;
      top.offer(slot, dotRow(probe, matrix, slot * dimension, dimension));
    }
    return top.result();
  }

  private static emptyIndex(dimension: number, options: AnnOptions): Index {
    return new Index({
      dimensions: dimension,
      // Inner product equals cosine for the unit vectors the projection admits.
      metric: MetricKind.IP,
      quantization: SCALAR[options.quantization],
      connectivity: options.connectivity,
      expansion_add: options.expansionAdd,
      expansion_search: options.expansionSearch,
      multi: false,
    });
  }

  private addLiveRows(): void {
    const { dimension, size } = this.store;
    for (let start = 0; start < size; start += BUILD_BATCH_ROWS) {
      const end = Math.min(size, start + BUILD_BATCH_ROWS);
      const slots: number[] = [];
      for (let slot = start; slot < end; slot += 1) if (this.store.isLive(slot)) slots.push(slot);
      if (slots.length === 0) continue;
      const keys = BigUint64Array.from(slots, (slot) => BigInt(slot));
      const vectors =
        slots.length === end - start
          ? this.store.matrix.subarray(start * dimension, end * dimension)
          : gatherRows(this.store, slots);
      this.index.add(keys, vectors, this.options.buildThreads);
    }
  }
}

function gatherRows(store: TemplateStore, slots: readonly number[]): Float32Array {
  const rows = new Float32Array(slots.length * store.dimension);
  slots.forEach((slot, i) => rows.set(store.row(slot), i * store.dimension));
  return rows;
}
