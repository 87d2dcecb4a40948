import type { GalleryProjectionOptions } from '@sightline/matching';

export interface ProbeJob {
  readonly snapshotDir: string;
  readonly probesPath: string;
  readonly projection: GalleryProjectionOptions;
  readonly from: number;
  readonly to: number;
  readonly k: number;
}

export interface ProbeReport {
  readonly latenciesMs: number[];
  /** Best subject id per probe ('' when nothing reached the threshold). */
  readonly top1: string[];
}
