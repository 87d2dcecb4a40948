import { join } from 'node:path';
import type { SightlineConfig } from '@sightline/config';

/**
 * MODEL_DIR when set; otherwise the repository's `.cache/models`, where
 * `node tools/models/fetch-models.mjs` puts them (services start from the repository root).
 */
export function modelDirOf(config: SightlineConfig): string {
  return config.paths.modelDir ?? join(process.cwd(), '.cache', 'models');
}
