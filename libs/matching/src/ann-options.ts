export type AnnQuantization = 'f32' | 'f16' | 'i8';

/** HNSW knobs. Defaults come from bench/match (docs/matching.md explains the numbers). */
export interface AnnOptions {
  /** Graph degree (HNSW M). 16 keeps the graph at ~130 B/template. */
  readonly connectivity: number;
  /** Beam width while inserting (efConstruction). */
  readonly expansionAdd: number;
  /** Beam width while searching (ef). */
  readonly expansionSearch: number;
  /** How the ANN copy of each vector is stored; final scores always come from the f32 matrix. */
  readonly quantization: AnnQuantization;
  /** Candidates fetched from the graph and re-scored exactly; also absorbs removed slots. */
  readonly rerankDepth: number;
  /** Threads for bulk builds (0 = all cores). Searches always use the calling thread. */
  readonly buildThreads: number;
}

export const DEFAULT_ANN_OPTIONS: AnnOptions = {
  connectivity: 16,
  expansionAdd: 64,
  expansionSearch: 256,
  quantization: 'i8',
  rerankDepth: 32,
  buildThreads: 0,
};
