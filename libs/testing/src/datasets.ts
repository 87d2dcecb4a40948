import { existsSync } from 'node:fs';
import path from 'node:path';

/** `../shared/datasets` beside the repository, or SIGHTLINE_DATASETS; absent on most machines. */
export const DATASETS_DIR =
  process.env['SIGHTLINE_DATASETS'] ??
  path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'datasets');

/** The dataset file's path when it is present, otherwise undefined (the caller says it skipped). */
export function datasetFile(relative: string): string | undefined {
  const file = path.join(DATASETS_DIR, relative);
  return existsSync(file) ? file : undefined;
}
