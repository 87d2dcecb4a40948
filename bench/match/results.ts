import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineFigures, HnswSweep } from './python-baselines';

export interface SizeResult {
  readonly engine: string;
  readonly p50_ms_1t: number;
  readonly p99_ms_1t: number;
  readonly p50_ms_2t: number;
  readonly p99_ms_2t: number;
  readonly throughput_1t: number;
  readonly throughput_2t: number;
  readonly recall_at_1: number;
  /** Fraction of probes whose planted source is also the exact top-1 (sanity of the data). */
  readonly planted_is_exact_top1: number;
  /** f32 row + liveness byte + saved HNSW graph (i8 vectors, links, key), per template. */
  readonly bytes_per_template: number;
  readonly heap_bytes_per_template: number;
  readonly memory_bytes_estimate: number;
  readonly replay_s: number;
  readonly build_s: number;
  readonly snapshot_write_s: number;
  readonly snapshot_bytes: number;
  readonly rebuild_s: number;
  readonly exact_scan: { p50_ms_1t: number; p99_ms_1t: number; probes: number };
  readonly probes: number;
  readonly baselines: {
    readonly numpy: BaselineFigures;
    readonly faiss: HnswSweep & { index: string; build_s: number; bytes_per_template: number };
    readonly faiss_flat: BaselineFigures;
    readonly faiss_hnsw_sweep: HnswSweep[];
  };
}

export interface BenchRun {
  readonly commit: string;
  readonly command: string;
  readonly quick: boolean;
  readonly results: Record<string, SizeResult>;
}

const SECTION = '## Matching';

/** Overwrites bench/results/match.json and replaces only the `## Matching` section of the doc. */
export function writeResults(repoRoot: string, run: BenchRun): void {
  const resultsDir = join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'match.json'),
    JSON.stringify(
      { commit: run.commit, command: run.command, quick: run.quick, ...run.results },
      null,
      2,
    ) + '\n',
  );
  const docPath = join(repoRoot, 'docs', 'benchmarks.md');
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
  writeFileSync(docPath, spliceSection(doc, renderSection(run)));
}

function spliceSection(doc: string, section: string): string {
  const start = doc.indexOf(`\n${SECTION}\n`);
  if (start < 0) return `${doc.trimEnd()}\n\n${section}`;
  const next = doc.indexOf('\n## ', start + SECTION.length + 1);
  const tail = next < 0 ? '' : doc.slice(next);
  return `${doc.slice(0, start)}\n${section}${tail ? tail : ''}`;
}

function renderSection(run: BenchRun): string {
  const lines = [
    SECTION,
    '',
    `Reproduce: \`${run.command}\` (commit \`${run.commit.slice(0, 12)}\`${run.quick ? ', quick mode' : ''}). ` +
      'Raw figures: `bench/results/match.json`. Synthetic 128-d unit templates (seeded xoshiro128**), ' +
      'planted probes = gallery row + N(0, 0.05²) per dimension, renormalised (cosine ≈ 0.87 to the source). ' +
      'Recall@1 is against exact top-1 computed by numpy in the same run. 1t = probes in turn on one thread; ' +
      '2t = two worker_threads, each with its own replica loaded from the snapshot, searching half the probes ' +
      'concurrently (baselines: two Python threads, BLAS/OpenMP pinned to 1 thread each). Shared, noisy 2-core ' +
      'machine: read the ratios, not the absolute numbers.',
    '',
    '| templates | engine | p50 1t ms | p99 1t ms | p99 2t ms | probes/s 2t | recall@1 | B/template | ANN build s | snapshot load s | exact scan p99 ms | numpy p99 ms | faiss Flat p99 ms | faiss HNSW p99 ms (ef, recall) | faiss B/template |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [size, r] of Object.entries(run.results)) {
    const f = r.baselines.faiss;
    lines.push(
      `| ${Number(size).toLocaleString('en')} | ${r.engine} | ${r.p50_ms_1t} | ${r.p99_ms_1t} | ${r.p99_ms_2t} | ${r.throughput_2t} | ${r.recall_at_1} | ${r.bytes_per_template} | ${r.build_s} | ${r.rebuild_s} | ${r.exact_scan.p99_ms_1t} | ${r.baselines.numpy.p99_ms_1t} | ${r.baselines.faiss_flat.p99_ms_1t} | ${f.p99_ms_1t} (ef ${f.ef_search}, ${f.recall_at_1}) | ${f.bytes_per_template} |`,
    );
  }
  lines.push(
    '',
    'Replay of the events themselves (JSON-decoded `template-added` payloads into the f32 matrix):',
    '',
  );
  for (const [size, r] of Object.entries(run.results)) {
    lines.push(
      `- ${Number(size).toLocaleString('en')}: replay ${r.replay_s} s, snapshot write ${r.snapshot_write_s} s (${Math.round(r.snapshot_bytes / 2 ** 20)} MiB), JS heap for ids ≈ ${r.heap_bytes_per_template} B/template.`,
    );
  }
  return lines.join('\n') + '\n';
}
