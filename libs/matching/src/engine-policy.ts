import { DEFAULT_ANN_OPTIONS, type AnnOptions } from './ann-options';
import type { EngineKind } from './search-engine';

export interface EnginePolicy {
  /**
   * A gallery with at least this many live templates gets an HNSW index; smaller ones are scanned.
   * Default from bench/match: below ~20k a single-core scan is already under 2 ms and exact.
   */
  readonly annMinTemplates: number;
  /** When this fraction of an ANN gallery's rows are dead, `optimise()` compacts and rebuilds. */
  readonly maxDeadFraction: number;
  readonly ann: AnnOptions;
}

export const DEFAULT_ENGINE_POLICY: EnginePolicy = {
  annMinTemplates: 20_000,
  maxDeadFraction: 0.2,
  ann: DEFAULT_ANN_OPTIONS,
};

export function engineKindFor(liveTemplates: number, policy: EnginePolicy): EngineKind {
  return liveTemplates >= policy.annMinTemplates ? 'ann' : 'exact';
}
