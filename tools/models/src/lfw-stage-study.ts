import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BlazeFaceLandmarker,
  DLIB_CHIP_TEMPLATE,
  DlibResnetEmbedder,
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
  addBorder,
  centralFace,
  cropRgb,
  dot,
  estimateSimilarity,
  evaluateVerification,
  flipHorizontal,
  l2Normalise,
  landmarkPoints,
  DLIB_ALIGNMENT_POINTS,
  dlibChipPoint,
  parseLfwPairs,
  templatePoints,
  warpSimilarity,
  type DetectedFace,
  type Point,
  type RgbImage,
  type SimilarityTransform,
} from '@sightline/vision';

import { FaceApiReference, useCpuBackend } from './face-api-reference';
import { defaultModelDir, REPO_ROOT } from './model-cache';

/**
 * Which stage costs LFW accuracy? Runs our detector once per image, then compares alignments:
 * BlazeFace points onto the calibrated template (the product path), the same with the nose
 * down-weighted, and dlib's own 68-landmark chip (face-api's 68-point model onto dlib's mean face)
 * as the reference alignment; each with and without a mirrored-chip average.
 *   node tools/scripts/run-ts.cjs tools/models/src/lfw-stage-study.ts [folds=3] [--no-reference]
 *     [--scales 0.97,1,1.03] [--no-flip]
 * `--scales` shrinks (< 1: more margin) or grows the calibrated template about the chip centre.
 * Detection and landmarks are cached in .cache/lfw-stage-study, so later runs only warp and embed.
 */
/** Points only: 7701 decoded images would not fit in memory, so each variant decodes again. */
interface Prepared {
  blaze: Point[];
  l68: Point[];
}

function flagValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const folds = Number(process.argv[2] ?? '3');
  const withReference = !process.argv.includes('--no-reference');
  const scales = (flagValue('scales') ?? '1').split(',').map(Number);
  const flips = process.argv.includes('--no-flip') ? [false] : [false, true];
  const lfw = join(
    resolve(process.env['SIGHTLINE_DATASETS'] ?? join(REPO_ROOT, '..', 'shared', 'datasets')),
    'lfw',
  );
  const pairs = parseLfwPairs(readFileSync(join(lfw, 'pairs.txt'), 'utf8')).filter(
    (p) => p.fold < folds,
  );
  const paths = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const cacheDir = join(REPO_ROOT, '.cache', 'lfw-stage-study');
  const cacheFile = join(cacheDir, `points-${folds}${withReference ? '' : '-blazeface'}.json`);
  const cached: Record<string, Prepared> = existsSync(cacheFile)
    ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, Prepared>)
    : {};
  const store = new FileModelStore({ modelDir: defaultModelDir() });
  const sessions = new OrtSessionFactory();
  const embedder = await DlibResnetEmbedder.create(store, sessions, { threads: 2 });
  const decoder = new ImageDecoder();
  const prepared = new Map<string, Prepared>();
  const load = async (path: string): Promise<RgbImage> =>
    addBorder(await decoder.decode(readFileSync(join(lfw, path))), 40);
  if (paths.every((p) => cached[p])) {
    for (const path of paths) prepared.set(path, cached[path]);
  } else {
    let reference: FaceApiReference | undefined;
    if (withReference) {
      await useCpuBackend();
      reference = new FaceApiReference();
    }
    const detector = await UltraFaceDetector.create(store, sessions, { scoreThreshold: 0.5 });
    const landmarker = await BlazeFaceLandmarker.create(store, sessions);
    let n = 0;
    for (const path of paths) {
      const image = await load(path);
      const face: DetectedFace = centralFace(image, await detector.detect(image)) ?? {
        score: 0,
        box: { x: 80, y: 80, width: 170, height: 170 },
      };
      let l68: Point[] = [];
      if (reference) {
        const side = Math.round(Math.max(face.box.width, face.box.height));
        const left = Math.round(face.box.x + face.box.width / 2 - side / 2);
        const top = Math.round(face.box.y + face.box.height / 2 - side / 2);
        const crop = cropRgb(image, left, top, side, side);
        l68 = (await reference.landmarks68(side, side, crop.data)).map((p) => ({
          x: p.x + left,
          y: p.y + top,
        }));
      }
      const blaze = landmarkPoints(await landmarker.locate(image, face));
      prepared.set(path, { blaze, l68 });
      cached[path] = { blaze, l68 };
      if (++n % 200 === 0) process.stderr.write(`prepared ${n}/${paths.length}\n`);
    }
    await detector.release();
    await landmarker.release();
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(cached));
  }
  const template = templatePoints(DLIB_CHIP_TEMPLATE);
  const variants: Record<string, (p: Prepared) => SimilarityTransform> = {};
  for (const scale of scales) {
    const scaled = template.map((t) => ({
      x: 75 + (t.x - 75) * scale,
      y: 75 + (t.y - 75) * scale,
    }));
    variants[`blazeface -> calibrated template${scale === 1 ? '' : ` x${scale}`}`] = (p) =>
      estimateSimilarity(p.blaze, scaled);
  }
  if (scales.length === 1 && scales[0] === 1)
    variants['blazeface, nose weight 0.25'] = (p) =>
      estimateSimilarity(p.blaze, template, [1, 1, 0.25, 1]);
  if (withReference)
    variants['face-api 68 landmarks -> dlib mean face (reference)'] = (p) =>
      estimateSimilarity(
        DLIB_ALIGNMENT_POINTS.map((i) => p.l68[i]),
        DLIB_ALIGNMENT_POINTS.map((i) => dlibChipPoint(i)),
      );
  for (const [name, transform] of Object.entries(variants)) {
    for (const flip of flips) {
      const templates = new Map<string, Float32Array>();
      for (const [path, p] of prepared) {
        const chip = warpSimilarity(await load(path), transform(p), 150, 150);
        const raw = await embedder.rawDescriptors(flip ? [chip, flipHorizontal(chip)] : [chip]);
        const sum = raw.reduce((acc, d) => acc.map((v, i) => v + d[i]), new Float32Array(128));
        templates.set(path, l2Normalise(sum));
      }
      const scores = pairs.map((p) =>
        dot(templates.get(p.a) as Float32Array, templates.get(p.b) as Float32Array),
      );
      const r = evaluateVerification(pairs, scores);
      console.log(
        `${name}${flip ? ' + mirror average' : ''}: accuracy ${(r.accuracy * 100).toFixed(2)} ± ${(r.accuracyStd * 100).toFixed(2)}%, TAR@FAR1e-3 ${(r.tarAtFar1e3 * 100).toFixed(2)}%`,
      );
    }
  }
}

void main();
