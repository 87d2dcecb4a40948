import { DEFAULT_ANN_OPTIONS, type AnnOptions } from './ann-options';
import type { BinaryScanOptions } from './binary-scan-engine';
import type { EngineKind } from './search-engine';

export interface EnginePolicy {
  /**
   * A gallery with at least this many live templates is searched through its sign codes; smaller
   * ones are scanned in f32. Default from bench/match: below ~20k the f32 scan is under 5 ms and
   * exact, so there is no reason to approximate.
   */
  readonly binaryMinTemplates: number;
  /**
   * A gallery with at least this many live templates gets an HNSW graph, built only by `optimise()`
   * (an hour of CPU at 1M, so never on the event path). Off by default: at 1M on isotropic data the
   * graph reaches recall@1 0.75 where the code scan reaches 1.0 (docs/matching.md); past ~2M
   * templates per replica the gallery is sharded instead.
   */
  readonly annMinTemplates: number;
  /** When this fraction of a gallery's rows are dead, the store is compacted. */
  readonly maxDeadFraction: number;
  readonly binary: BinaryScanOptions;
  readonly ann: AnnOptions;
}

export const DEFAULT_ENGINE_POLICY: EnginePolicy = {
  binaryMinTemplates: 20_000,
  annMinTemplates: Number.POSITIVE_INFINITY,
  maxDeadFraction: 0.2,
  binary: { rerankDepth: 256 },
  ann: DEFAULT_ANN_OPTIONS,
};

export function engineKindFor(liveTemplates: number, policy: EnginePolicy): EngineKind {
  if (liveTemplates >= policy.annMinTemplates) return 'ann';
  return liveTemplates >= policy.binaryMinTemplates ? 'binary' : 'exact';
}
