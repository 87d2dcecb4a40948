import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Tools may read env; the library never does and gets `modelDir` injected. */
export function defaultModelDir(): string {
  return process.env['SIGHTLINE_MODEL_DIR'] ?? join(REPO_ROOT, '.cache', 'models');
}
