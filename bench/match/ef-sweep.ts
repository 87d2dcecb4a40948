// Recall and latency of the saved graph at other search beams, on the vectors of a finished run:
//   node tools/scripts/run-ts.cjs bench/match/ef-sweep.ts --size=1000000 [--ef=256,512,1024]
// Reads .cache/match-bench/<size>/{snapshot,probes.f32,baselines.json} left by bench/match/run.ts,
// so it measures the very graph and truth of that run. Printed only; the doc quotes its output.
import {
  DEFAULT_ANN_OPTIONS,
  DEFAULT_ENGINE_POLICY,
  readGallerySnapshot,
} from '@sightline/matching';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { round, summarise } from './latency';
import { runProbes } from './run-probes';
import { DIMENSION } from './synthetic-gallery';

const repoRoot = resolve(__dirname, '..', '..');
const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const size = Number(arg('size', '1000000'));
const efs = arg('ef', '256,512,1024').split(',').map(Number);
const K = 10;

const work = join(repoRoot, '.cache', 'match-bench', String(size));
const probes = new Float32Array(new Uint8Array(readFileSync(join(work, 'probes.f32'))).buffer);
const truth = (
  JSON.parse(readFileSync(join(work, 'baselines.json'), 'utf8')) as { truth: number[] }
).truth;
const count = truth.length;

for (const ef of efs) {
  const rerankDepth = Math.max(DEFAULT_ANN_OPTIONS.rerankDepth, 32);
  const policy = {
    ...DEFAULT_ENGINE_POLICY,
    ann: { ...DEFAULT_ANN_OPTIONS, expansionSearch: ef, rerankDepth },
  };
  const started = performance.now();
  const { projection } = readGallerySnapshot(join(work, 'snapshot'), {
    dimension: DIMENSION,
    policy,
  });
  const loadS = round((performance.now() - started) / 1000, 2);
  runProbes(projection, probes, 0, Math.min(50, count), K); // warm-up
  const run = runProbes(projection, probes, 0, count, K);
  const hits = run.top1.filter((subject, p) => subject === `s${truth[p]}`).length;
  const latency = summarise(run.latenciesMs);
  console.log(
    `${size} ef=${ef}: recall@1 ${round(hits / count, 4)}, p50 ${latency.p50} ms, p99 ${latency.p99} ms (1 thread, ${count} probes, snapshot load ${loadS} s)`,
  );
}
