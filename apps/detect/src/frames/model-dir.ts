import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MODELS_UNDER_ROOT = join('.cache', 'models');

/**
 * Where tools/models/fetch-models.mjs puts the models when MODEL_DIR is unset: `<repo>/.cache/models`.
 * The repository root is found by walking up from this file, which works both from the sources
 * (apps/detect/src/frames) and from the build (dist/apps/detect/src/frames).
 */
export function defaultModelDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, MODELS_UNDER_ROOT);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(process.cwd(), MODELS_UNDER_ROOT);
  }
}
