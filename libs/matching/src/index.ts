export { DEFAULT_ANN_OPTIONS, type AnnOptions, type AnnQuantization } from './ann-options';
export { AnnEngine } from './ann-engine';
export { BinaryScanEngine, type BinaryScanOptions } from './binary-scan-engine';
export { CODE_BYTES } from './hamming-codes';
export { SignCoder } from './sign-coder';
export { DEFAULT_ENGINE_POLICY, engineKindFor, type EnginePolicy } from './engine-policy';
export { ExactEngine } from './exact-engine';
export { galleryDigest } from './gallery-digest';
export {
  assertShard,
  mergeShardResults,
  shardOfTemplate,
  type GalleryShard,
} from './gallery-shard';
export { asGalleryEvent, type GalleryEvent } from './gallery-event';
export {
  GalleryProjection,
  type GalleryProjectionOptions,
  type GalleryStats,
} from './gallery-projection';
export { readGallerySnapshot, writeGallerySnapshot, type LoadedSnapshot } from './gallery-snapshot';
export type { Candidate, SearchOptions, WatchlistMatches } from './match-result';
export type { EngineKind, SearchEngine } from './search-engine';
export { TemplateStore } from './template-store';
export { toTemplateVector, UNIT_NORM_TOLERANCE } from './template-vector';
export type { SlotHit } from './top-k';
