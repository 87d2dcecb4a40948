import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Benchmarks may read env: SIGHTLINE_DATASETS overrides the default `../shared/datasets`. */
export function datasetsDir(): string {
  return resolve(process.env['SIGHTLINE_DATASETS'] ?? join(REPO_ROOT, '..', 'shared', 'datasets'));
}

export function modelDir(): string {
  return process.env['SIGHTLINE_MODEL_DIR'] ?? join(REPO_ROOT, '.cache', 'models');
}

export function requireDataset(path: string, what: string): boolean {
  if (existsSync(path)) return true;
  console.warn(`[bench] SKIPPED ${what}: dataset not found at ${path} (set SIGHTLINE_DATASETS)`);
  return false;
}

export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return 'uncommitted';
  }
}

export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
