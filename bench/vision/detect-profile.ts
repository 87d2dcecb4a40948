import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
  decodeUltraface,
  nonMaxSuppression,
  resizeRgb,
  toPlanarFloat,
  ultrafacePriors,
} from '@sightline/vision';
import { REPO_ROOT, argValue, modelDir } from './bench-paths';

/**
 * Where UltraFaceDetector.detect spends its time on one 640x480 frame, 1 thread, and how other
 * builds of the network compare with ours on the same input in the same process (interleaved
 * runs, so machine load hits all alike):
 *   node tools/scripts/run-ts.cjs bench/vision/detect-profile.ts [--size 640x480] [--runs 30]
 *     [--models a.onnx,b.onnx]
 */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const BASE_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

async function main(): Promise<void> {
  const [w, h] = argValue('size', '640x480').split('x').map(Number);
  const runs = Number(argValue('runs', '30'));
  const extra = argValue('models', '').split(',').filter(Boolean);
  const demo = join(REPO_ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');
  const photo = await new ImageDecoder().decode(readFileSync(join(demo, 'sample1.jpg')));
  const frame = await resizeRgb(photo, w, h);
  const ours = join(modelDir(), 'ultraface-rfb-dynamic.onnx');
  const sessions: Record<string, ort.InferenceSession> = {
    'ours (fp32)': await ort.InferenceSession.create(ours, BASE_OPTIONS),
    'ours, enableCpuMemArena false': await ort.InferenceSession.create(ours, {
      ...BASE_OPTIONS,
      enableCpuMemArena: false,
    }),
    'ours, graph optimisation extended': await ort.InferenceSession.create(ours, {
      ...BASE_OPTIONS,
      graphOptimizationLevel: 'extended',
    }),
  };
  for (const file of extra) sessions[file] = await ort.InferenceSession.create(file, BASE_OPTIONS);
  const detector = await UltraFaceDetector.create(
    new FileModelStore({ modelDir: modelDir() }),
    new OrtSessionFactory(),
    { threads: 1, maxInputSide: Math.max(w, h) },
  );
  const priors = ultrafacePriors(w, h);
  const input = new Float32Array(3 * w * h);
  const stages: Record<string, number[]> = {
    planar: [],
    decode: [],
    nms: [],
    'detect() total': [],
  };
  const network: Record<string, number[]> = {};
  for (let i = 0; i < runs + 3; i++) {
    const keep = i >= 3;
    let t = now();
    toPlanarFloat(frame, 127, 1 / 128, input);
    const planar = now() - t;
    const tensor = new ort.Tensor('float32', input, [1, 3, h, w]);
    let out: ort.InferenceSession.OnnxValueMapType | undefined;
    for (const [name, session] of Object.entries(sessions)) {
      t = now();
      const o = await session.run({ input: tensor });
      if (keep) (network[name] ??= []).push(now() - t);
      out ??= o;
    }
    if (!out) throw new Error('no session ran');
    t = now();
    const candidates = decodeUltraface(
      out['scores'].data as Float32Array,
      out['deltas'].data as Float32Array,
      priors,
      w,
      h,
      0.7,
    );
    const decode = now() - t;
    t = now();
    nonMaxSuppression(candidates, 0.3);
    const nms = now() - t;
    t = now();
    await detector.detect(frame);
    const total = now() - t;
    if (keep) {
      stages['planar'].push(planar);
      stages['decode'].push(decode);
      stages['nms'].push(nms);
      stages['detect() total'].push(total);
    }
  }
  const base = median(network['ours (fp32)']);
  console.log(`${w}x${h}, 1 thread, median of ${runs}`);
  for (const [name, times] of Object.entries(network))
    console.log(
      `  run  ${name}: ${median(times).toFixed(2)} ms (${(base / median(times)).toFixed(2)}x)`,
    );
  for (const [name, times] of Object.entries(stages))
    console.log(`  ${name}: ${median(times).toFixed(2)} ms`);
  await detector.release();
}

void main();
