import { dotRow } from './dot-product';
import { HammingCodes, CODE_BYTES } from './hamming-codes';
import type { EngineKind, SearchEngine } from './search-engine';
import { SignCoder } from './sign-coder';
import type { TemplateStore } from './template-store';
import { TopK, type SlotHit } from './top-k';

export interface BinaryScanOptions {
  /** Nearest codes re-scored exactly against the f32 matrix; also absorbs dead slots. */
  readonly rerankDepth: number;
}

/**
 * Approximate search as a full scan of 128-bit sign codes (16 B per template) by Hamming distance,
 * then an exact re-rank of the nearest codes against the f32 matrix. Linear, but 32x less memory
 * traffic than the f32 scan and with no graph: building is one encode per template, adding and
 * removing are O(1), and recall does not depend on how clustered the gallery is (docs/matching.md,
 * "Why a code scan before a graph").
 */
export class BinaryScanEngine implements SearchEngine {
  readonly kind: EngineKind = 'binary';
  private readonly coder: SignCoder;
  private readonly codes: HammingCodes;
  private readonly probeCode = new Uint8Array(CODE_BYTES);

  private constructor(
    private readonly store: TemplateStore,
    private readonly options: BinaryScanOptions,
  ) {
    this.coder = new SignCoder(store.dimension);
    this.codes = new HammingCodes(Math.max(1024, store.size));
  }

  /** Encodes every slot of the store, dead ones included, so code slots equal store slots. */
  static build(store: TemplateStore, options: BinaryScanOptions): BinaryScanEngine {
    const engine = new BinaryScanEngine(store, options);
    for (let slot = 0; slot < store.size; slot += 1) engine.add(slot);
    return engine;
  }

  get indexBytes(): number {
    return this.codes.byteLength;
  }

  add(slot: number): void {
    this.coder.encode(this.store.matrix, this.codes.codeAt(slot), slot * this.store.dimension);
  }

  remove(slot: number): void {
    // The code is derived from the template, so it goes with it; the re-rank skips the dead slot.
    this.codes.codeAt(slot).fill(0);
  }

  /** Follows TemplateStore.compact without re-encoding: `remap[old] = new`, -1 when dropped. */
  compact(remap: Int32Array): void {
    this.codes.compact(remap);
  }

  search(probe: Float32Array, k: number, minScore: number): SlotHit[] {
    this.coder.encode(probe, this.probeCode);
    const { dimension, matrix } = this.store;
    const top = new TopK(k, minScore);
    for (const slot of this.codes.nearest(this.probeCode, Math.max(k, this.options.rerankDepth))) {
      if (!this.store.isLive(slot)) continue;
      top.offer(slot, dotRow(probe, matrix, slot * dimension, dimension));
    }
    return top.result();
  }
}
