import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, gitCommit } from './bench-paths';
import { renderVisionSection } from './render-benchmarks';

export const RESULTS_PATH = join(REPO_ROOT, 'bench', 'results', 'vision.json');
const BENCHMARKS_DOC = join(REPO_ROOT, 'docs', 'benchmarks.md');

export type VisionResults = Record<string, unknown>;

export function readResults(): VisionResults {
  return existsSync(RESULTS_PATH)
    ? (JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as VisionResults)
    : {};
}

/**
 * Merges one script's figures into bench/results/vision.json (each script owns its keys, so the
 * LFW run and the speed run can be repeated independently) and re-renders docs/benchmarks.md's
 * `## Vision` section from the merged file.
 */
export function saveResults(partial: VisionResults): VisionResults {
  const merged: VisionResults = {
    ...readResults(),
    ...partial,
    commit: gitCommit(),
    updated_at: new Date().toISOString(),
  };
  mkdirSync(dirname(RESULTS_PATH), { recursive: true });
  writeFileSync(RESULTS_PATH, `${JSON.stringify(merged, null, 2)}\n`);
  writeVisionSection(renderVisionSection(merged));
  return merged;
}

function writeVisionSection(section: string): void {
  const doc = existsSync(BENCHMARKS_DOC) ? readFileSync(BENCHMARKS_DOC, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf('\n## Vision\n');
  let next: string;
  if (start < 0) {
    next = `${doc.trimEnd()}\n\n${section}`;
  } else {
    const after = doc.indexOf('\n## ', start + 1);
    next = `${doc.slice(0, start + 1)}${section}${after < 0 ? '' : doc.slice(after)}`;
  }
  mkdirSync(dirname(BENCHMARKS_DOC), { recursive: true });
  writeFileSync(BENCHMARKS_DOC, next.endsWith('\n') ? next : `${next}\n`);
}
