import { readFileSync } from 'node:fs';
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
 *   node tools/scripts/run-ts.cjs tools/models/src/lfw-stage-study.ts [folds=3]
 */
interface Prepared {
  image: RgbImage;
  blaze: Point[];
  l68: Point[];
}

async function main(): Promise<void> {
  const folds = Number(process.argv[2] ?? '3');
  const lfw = join(
    resolve(process.env['SIGHTLINE_DATASETS'] ?? join(REPO_ROOT, '..', 'shared', 'datasets')),
    'lfw',
  );
  const pairs = parseLfwPairs(readFileSync(join(lfw, 'pairs.txt'), 'utf8')).filter(
    (p) => p.fold < folds,
  );
  const paths = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  await useCpuBackend();
  const reference = new FaceApiReference();
  const store = new FileModelStore({ modelDir: defaultModelDir() });
  const sessions = new OrtSessionFactory();
  const detector = await UltraFaceDetector.create(store, sessions, { scoreThreshold: 0.5 });
  const landmarker = await BlazeFaceLandmarker.create(store, sessions);
  const embedder = await DlibResnetEmbedder.create(store, sessions, { threads: 2 });
  const decoder = new ImageDecoder();
  const prepared = new Map<string, Prepared>();
  let n = 0;
  for (const path of paths) {
    const image = addBorder(await decoder.decode(readFileSync(join(lfw, path))), 40);
    const face: DetectedFace = centralFace(image, await detector.detect(image)) ?? {
      score: 0,
      box: { x: 80, y: 80, width: 170, height: 170 },
    };
    const side = Math.round(Math.max(face.box.width, face.box.height));
    const left = Math.round(face.box.x + face.box.width / 2 - side / 2);
    const top = Math.round(face.box.y + face.box.height / 2 - side / 2);
    const crop = cropRgb(image, left, top, side, side);
    const l68 = (await reference.landmarks68(side, side, crop.data)).map((p) => ({
      x: p.x + left,
      y: p.y + top,
    }));
    prepared.set(path, { image, blaze: landmarkPoints(await landmarker.locate(image, face)), l68 });
    if (++n % 200 === 0) process.stderr.write(`prepared ${n}/${paths.length}\n`);
  }
  const template = templatePoints(DLIB_CHIP_TEMPLATE);
  const variants: Record<string, (p: Prepared) => SimilarityTransform> = {
    'blazeface -> calibrated template': (p) => estimateSimilarity(p.blaze, template),
    'blazeface, nose weight 0.25': (p) => estimateSimilarity(p.blaze, template, [1, 1, 0.25, 1]),
    'face-api 68 landmarks -> dlib mean face (reference)': (p) =>
      estimateSimilarity(
        DLIB_ALIGNMENT_POINTS.map((i) => p.l68[i]),
        DLIB_ALIGNMENT_POINTS.map((i) => dlibChipPoint(i)),
      ),
  };
  for (const [name, transform] of Object.entries(variants)) {
    for (const flip of [false, true]) {
      const templates = new Map<string, Float32Array>();
      for (const [path, p] of prepared) {
        const chip = warpSimilarity(p.image, transform(p), 150, 150);
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
