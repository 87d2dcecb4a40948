// One command for the whole matching benchmark (see docs/benchmarks.md, ## Matching):
//   node tools/scripts/run-ts.cjs bench/match/run.ts [--quick] [--sizes=10000,100000]
// Sizes are merged into bench/results/match.json one by one, so sizes can be run separately.
// --render-only rewrites the docs/benchmarks.md section from match.json without measuring.
import {
  BinaryScanEngine,
  CODE_BYTES,
  DEFAULT_ENGINE_POLICY,
  ExactEngine,
  SignCoder,
  GalleryProjection,
  readGallerySnapshot,
  TemplateStore,
  writeGallerySnapshot,
  type GalleryEvent,
} from '@sightline/matching';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { round, summarise } from './latency';
import { benchPython, runBaselines, type BaselineReport } from './python-baselines';
import { renderFromResults, writeResults, type FaissPick, type SizeResult } from './results';
import { NOW, runProbes } from './run-probes';
import { DIMENSION, syntheticSet, writeF32 } from './synthetic-gallery';
import { twoThreadProbes } from './two-thread-probes';

const repoRoot = resolve(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
/** Our engine only: exact truth from numpy, no numpy/FAISS latency baselines (they take the longest at 1M). */
const engineOnly = process.argv.includes('--engine-only');
const sizesArg = process.argv.find((arg) => arg.startsWith('--sizes='));
/** FAISS's HNSW build takes ~40 min at 1M here, so by default it runs only up to this size. */
const hnswMaxArg = process.argv.find((arg) => arg.startsWith('--faiss-hnsw-max='));
const faissHnswMax = hnswMaxArg ? Number(hnswMaxArg.slice('--faiss-hnsw-max='.length)) : 100_000;
const sizes = sizesArg
  ? sizesArg.slice('--sizes='.length).split(',').map(Number)
  : quick
    ? [10_000, 100_000]
    : [10_000, 100_000, 1_000_000];
const PROBES = quick ? 300 : 1000;
const EXACT_PROBES = quick ? 100 : 200;
const K = 10;
const THRESHOLD = 0.5;
const projectionOptions = { dimension: DIMENSION, policy: DEFAULT_ENGINE_POLICY };

// Heap per template must not count the garbage the event generator leaves behind.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function collectGarbage(): void {
  gc();
  gc();
}

function seconds(since: number): number {
  return round((performance.now() - since) / 1000, 2);
}

function* replayEvents(gallery: Float32Array, size: number): Generator<GalleryEvent> {
  const base = {
    version: 1,
    occurredAt: NOW.toISOString(),
    source: 'bench',
    correlationId: 'bench',
  };
  let id = 0;
  const next = (): string => `01BENCH${String((id += 1)).padStart(19, '0')}`;
  yield {
    ...base,
    id: next(),
    type: 'sightline.gallery.watchlist-created',
    payload: {
      watchlistId: 'bench',
      name: 'bench',
      purpose: 'benchmark',
      legalBasis: 'none',
      authorisedBy: 'bench',
      owner: 'bench',
      expiresAt: '2099-01-01T00:00:00.000Z',
      zones: ['bench'],
      threshold: THRESHOLD,
      reviewMode: 'single',
    },
  };
  for (let row = 0; row < size; row += 1) {
    const subjectId = `s${row}`;
    yield {
      ...base,
      id: next(),
      type: 'sightline.gallery.subject-enrolled',
      payload: {
        watchlistId: 'bench',
        subjectId,
        displayName: subjectId,
        legalBasis: 'none',
        sourceReference: 'bench',
        enrolledBy: 'bench',
      },
    };
    yield {
      ...base,
      id: next(),
      type: 'sightline.gallery.template-added',
      payload: {
        watchlistId: 'bench',
        subjectId,
        templateId: `t${row}`,
        // A decoded JSON event carries a number[], so the replay pays that conversion too.
        template: Array.from(gallery.subarray(row * DIMENSION, (row + 1) * DIMENSION)),
        embedder: 'synthetic-128',
        photoReference: 'bench',
      },
    };
  }
}

function dirBytes(dir: string): Record<string, number> {
  return Object.fromEntries(readdirSync(dir).map((file) => [file, statSync(join(dir, file)).size]));
}

/**
 * The FAISS index to set beside ours: of those that reach our recall@1, the one with the lowest
 * p99 on one thread; if none does, the one with the highest recall.
 */
function matchedFaiss(report: BaselineReport, recall: number): FaissPick {
  const candidates: FaissPick[] = [
    {
      index: 'IndexFlatIP',
      recall_at_1: 1,
      bytes_per_template: 4 * DIMENSION,
      ...report.faiss_flat,
    },
    ...(report.faiss_binary ? [report.faiss_binary] : []),
    ...Object.values(report.faiss_hnsw?.by_ef_search ?? {}).map((sweep) => ({
      ...sweep,
      index: `IndexHNSWFlat M=${report.faiss_hnsw?.m} ef=${sweep.ef_search}`,
      bytes_per_template: report.faiss_hnsw?.bytes_per_template ?? 0,
      build_s: report.faiss_hnsw?.build_s,
    })),
  ];
  const reaching = candidates
    .filter((candidate) => candidate.recall_at_1 >= recall)
    .sort((a, b) => a.p99_ms_1t - b.p99_ms_1t);
  return reaching[0] ?? [...candidates].sort((a, b) => b.recall_at_1 - a.recall_at_1)[0];
}

function writeCodes(path: string, rows: Float32Array): void {
  const count = rows.length / DIMENSION;
  const coder = new SignCoder(DIMENSION);
  const codes = new Uint8Array(count * CODE_BYTES);
  for (let row = 0; row < count; row += 1)
    coder.encode(rows, codes.subarray(row * CODE_BYTES, (row + 1) * CODE_BYTES), row * DIMENSION);
  writeFileSync(path, codes);
}

async function benchSize(size: number, python: string): Promise<SizeResult> {
  const work = join(repoRoot, '.cache', 'match-bench', `${size}${engineOnly ? '-engine' : ''}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const files = {
    gallery: join(work, 'gallery.f32'),
    probes: join(work, 'probes.f32'),
    out: join(work, 'baselines.json'),
    galleryCodes: join(work, 'gallery.codes'),
    probeCodes: join(work, 'probes.codes'),
  };
  console.log(`\n== ${size.toLocaleString('en')} templates, ${PROBES} planted probes ==`);
  let started = performance.now();
  const set = syntheticSet(size, PROBES, size);
  writeF32(files.gallery, set.gallery);
  writeF32(files.probes, set.probes);
  // FAISS's IndexBinaryFlat scans exactly our codes, so the comparison is of the scan alone.
  writeCodes(files.galleryCodes, set.gallery);
  writeCodes(files.probeCodes, set.probes);
  console.log(`generated in ${seconds(started)} s`);

  started = performance.now();
  const baselines = runBaselines(
    python,
    join(__dirname, 'baselines.py'),
    files,
    DIMENSION,
    EXACT_PROBES,
    { truthOnly: engineOnly, hnsw: size <= faissHnswMax },
  );
  console.log(`baselines in ${seconds(started)} s`);
  const truth = baselines.truth;
  const plantedAgree = truth.filter((row, p) => row === set.sources[p]).length / truth.length;

  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const projection = new GalleryProjection(projectionOptions);
  started = performance.now();
  for (const event of replayEvents(set.gallery, size)) projection.apply(event);
  const replay_s = seconds(started);
  projection.optimise();
  collectGarbage();
  const heapPerTemplate = Math.round((process.memoryUsage().heapUsed - heapBefore) / size);

  const snapshotDir = join(work, 'snapshot');
  started = performance.now();
  writeGallerySnapshot(projection, snapshotDir, { bench: size });
  const snapshot_write_s = seconds(started);
  const snapshotFiles = dirBytes(snapshotDir);
  started = performance.now();
  const loaded = readGallerySnapshot(snapshotDir, projectionOptions).projection;
  const rebuild_s = seconds(started);

  runProbes(loaded, set.probes, 0, Math.min(50, PROBES), K); // JIT warm-up, not timed
  const single = runProbes(loaded, set.probes, 0, PROBES, K);
  const engine =
    loaded.search(set.probes.subarray(0, DIMENSION), { now: NOW, k: 1 })[0]?.engine ?? 'exact';
  const hits = single.top1.filter((subject, p) => subject === `s${truth[p]}`).length;
  const recall_at_1 = round(hits / PROBES, 4);

  // The exact scan at this size, for the engine-threshold argument and as a same-run reference.
  const scan = new ExactEngine(TemplateStore.fromRows(DIMENSION, set.gallery));
  const scanMs: number[] = [];
  for (let p = 0; p < EXACT_PROBES; p += 1) {
    const t = performance.now();
    scan.search(set.probes.subarray(p * DIMENSION, (p + 1) * DIMENSION), K, THRESHOLD);
    scanMs.push(performance.now() - t);
  }

  // What a replica pays to (re)build the engine from a full matrix: codes, graph, or nothing.
  started = performance.now();
  if (engine === 'binary')
    BinaryScanEngine.build(
      TemplateStore.fromRows(DIMENSION, set.gallery),
      projectionOptions.policy.binary,
    );
  else if (engine === 'ann') loaded.optimise();
  const build_s = seconds(started);

  const two = await twoThreadProbes(
    repoRoot,
    { snapshotDir, probesPath: files.probes, projection: projectionOptions, k: K },
    PROBES,
  );
  const stats = loaded.stats();
  const annBytes = snapshotFiles['watchlist-0.usearch'] ?? 0;
  const one = summarise(single.latenciesMs);
  const twoSummary = summarise(two.latenciesMs);
  const scanSummary = summarise(scanMs);
  const faiss = engineOnly ? undefined : matchedFaiss(baselines, recall_at_1);
  const result: SizeResult = {
    engine,
    p50_ms_1t: one.p50,
    p99_ms_1t: one.p99,
    p50_ms_2t: twoSummary.p50,
    p99_ms_2t: twoSummary.p99,
    throughput_1t: round(PROBES / (single.latenciesMs.reduce((a, b) => a + b, 0) / 1000), 1),
    throughput_2t: round(PROBES / (two.wallMs / 1000), 1),
    recall_at_1,
    planted_is_exact_top1: round(plantedAgree, 4),
    // f32 row + liveness byte + the engine's own bytes (code + its distance byte, or the graph).
    bytes_per_template:
      DIMENSION * 4 + 1 + (engine === 'binary' ? CODE_BYTES + 1 : Math.round(annBytes / size)),
    heap_bytes_per_template: heapPerTemplate,
    memory_bytes_estimate: stats.bytes,
    replay_s,
    build_s,
    snapshot_write_s,
    snapshot_bytes: Object.values(snapshotFiles).reduce((a, b) => a + b, 0),
    rebuild_s,
    exact_scan: { p50_ms_1t: scanSummary.p50, p99_ms_1t: scanSummary.p99, probes: EXACT_PROBES },
    probes: PROBES,
    baselines: faiss && {
      numpy: baselines.numpy,
      faiss,
      faiss_flat: baselines.faiss_flat,
      ...(baselines.faiss_binary ? { faiss_binary: baselines.faiss_binary } : {}),
      ...(baselines.faiss_hnsw
        ? {
            faiss_hnsw: {
              m: baselines.faiss_hnsw.m,
              build_s: baselines.faiss_hnsw.build_s,
              bytes_per_template: baselines.faiss_hnsw.bytes_per_template,
            },
            faiss_hnsw_sweep: Object.values(baselines.faiss_hnsw.by_ef_search),
          }
        : {}),
    },
  };
  if (result.baselines) printComparison(size, result.baselines, result);
  else console.log(`\n${size.toLocaleString('en')}: ${JSON.stringify(result)}`);
  return result;
}

function printComparison(
  size: number,
  baselines: NonNullable<SizeResult['baselines']>,
  measured: SizeResult,
): void {
  const r = { ...measured, baselines };
  const rows: [string, number, number, number, string][] = [
    [`sightline ${r.engine}`, r.p50_ms_1t, r.p99_ms_1t, r.p99_ms_2t, `recall@1 ${r.recall_at_1}`],
    [
      'sightline exact scan',
      r.exact_scan.p50_ms_1t,
      r.exact_scan.p99_ms_1t,
      Number.NaN,
      'recall@1 1',
    ],
    [
      'numpy brute force',
      r.baselines.numpy.p50_ms_1t,
      r.baselines.numpy.p99_ms_1t,
      r.baselines.numpy.p99_ms_2t,
      'recall@1 1',
    ],
    [
      'faiss IndexFlatIP',
      r.baselines.faiss_flat.p50_ms_1t,
      r.baselines.faiss_flat.p99_ms_1t,
      r.baselines.faiss_flat.p99_ms_2t,
      'recall@1 1',
    ],
    ...(r.baselines.faiss_binary
      ? [
          [
            'faiss binary + re-rank',
            r.baselines.faiss_binary.p50_ms_1t,
            r.baselines.faiss_binary.p99_ms_1t,
            r.baselines.faiss_binary.p99_ms_2t,
            `recall@1 ${r.baselines.faiss_binary.recall_at_1}`,
          ] as [string, number, number, number, string],
        ]
      : []),
    ...(r.baselines.faiss_hnsw_sweep ?? []).map(
      (sweep): [string, number, number, number, string] => [
        `faiss HNSW ef=${sweep.ef_search}`,
        sweep.p50_ms_1t,
        sweep.p99_ms_1t,
        sweep.p99_ms_2t,
        `recall@1 ${sweep.recall_at_1}`,
      ],
    ),
  ];
  console.log(
    `\n${size.toLocaleString('en')}: p50 1t | p99 1t | p99 2t (ms) | p99 1t ratio vs sightline`,
  );
  for (const [name, p50, p99, p99two, note] of rows) {
    const ratio = round(p99 / r.p99_ms_1t, 2);
    console.log(
      `  ${name.padEnd(24)} ${String(p50).padStart(8)} ${String(p99).padStart(8)} ${String(p99two).padStart(8)}  x${ratio}  ${note}`,
    );
  }
  console.log(
    `  throughput 1t ${r.throughput_1t}/s, 2t ${r.throughput_2t}/s (${r.baselines.faiss.index} 2t ${r.baselines.faiss.throughput_2t}/s); ` +
      `${r.bytes_per_template} B/template (+${r.heap_bytes_per_template} B JS heap ids; faiss ${r.baselines.faiss.bytes_per_template}); ` +
      `replay ${r.replay_s} s, engine build ${r.build_s} s, snapshot load ${r.rebuild_s} s`,
  );
}

async function main(): Promise<void> {
  if (process.argv.includes('--render-only')) {
    renderFromResults(repoRoot);
    return;
  }
  const python = benchPython(repoRoot);
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim();
  const command = `node tools/scripts/run-ts.cjs bench/match/run.ts${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}`;
  const results: Record<string, SizeResult> = {};
  for (const size of sizes) {
    const result = await benchSize(size, python);
    results[String(size)] = { ...result, commit, command, measured_at: new Date().toISOString() };
    // Written after every size: a later size that runs out of time or memory loses only itself.
    writeResults(repoRoot, { commit, command, quick, results });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
