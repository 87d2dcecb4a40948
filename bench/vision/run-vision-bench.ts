import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { LandmarkerKind } from '@sightline/vision';
import { REPO_ROOT, argValue, datasetsDir } from './bench-paths';
import { runDetectionEval } from './detection-eval';
import { runLfw } from './lfw-eval';
import { saveResults } from './results-store';
import { runSpeedBench } from './speed-bench';

/**
 * Everything the vision issue asks to measure, in one command; each part merges its own keys into
 * bench/results/vision.json and re-renders docs/benchmarks.md.
 *   node tools/scripts/run-ts.cjs bench/vision/run-vision-bench.ts [--only lfw,detection,equivalence,speed] [--folds 10]
 */
async function main(): Promise<void> {
  const only = new Set(argValue('only', 'equivalence,detection,speed,lfw').split(','));
  if (only.has('equivalence')) {
    const out = execFileSync(
      process.execPath,
      [
        join(REPO_ROOT, 'tools', 'scripts', 'run-ts.cjs'),
        join(REPO_ROOT, 'tools', 'models', 'src', 'equivalence-report.ts'),
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    ).toString();
    const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      minCosine: number;
      meanCosine: number;
      chips: number;
    };
    console.log(`[equivalence] ${report.chips} chips, min cosine ${report.minCosine}`);
    saveResults({
      equivalence_min_cosine: report.minCosine,
      equivalence_mean_cosine: report.meanCosine,
      equivalence_chips: report.chips,
    });
  }
  if (only.has('detection')) {
    const detection = await runDetectionEval(2);
    if (detection) {
      console.table(detection);
      saveResults({ detection });
    }
  }
  if (only.has('speed')) {
    const speed = await runSpeedBench();
    console.log(speed);
    saveResults(speed);
  }
  if (only.has('lfw')) {
    const landmarks = argValue('landmarks', 'blazeface') as LandmarkerKind;
    const run = await runLfw({
      folds: Number(argValue('folds', '10')),
      border: 40,
      threads: 2,
      landmarks,
    });
    if (run) {
      const r = run.result;
      console.log(
        `[lfw] accuracy ${(r.accuracy * 100).toFixed(2)}% ± ${(r.accuracyStd * 100).toFixed(2)}, TAR@FAR1e-3 ${(r.tarAtFar1e3 * 100).toFixed(2)}%, threshold ${r.threshold.toFixed(4)}`,
      );
      saveResults({
        lfw_accuracy: r.accuracy,
        lfw_accuracy_std: r.accuracyStd,
        lfw_tar_at_far_1e3: r.tarAtFar1e3,
        lfw_threshold: r.threshold,
        lfw_threshold_at_far_1e3: r.thresholdAtFar1e3,
        lfw_pairs: run.pairs,
        lfw_images: run.images,
        lfw_fallbacks: run.fallbacks,
        lfw_landmarks: landmarks,
        dataset: `LFW deep-funneled (${datasetsDir()}/lfw), pairs.txt ${run.pairs} pairs`,
      });
    } else {
      saveResults({ dataset: 'absent: LFW not found, verification not measured' });
    }
  }
}

void main();
