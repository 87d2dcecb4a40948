import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  BlazeFaceLandmarker,
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
  addBorder,
  applySimilarity,
  centralFace,
  cropRgb,
  estimateSimilarity,
  landmarkPoints,
  DLIB_ALIGNMENT_POINTS,
  dlibChipPoint,
  type Point,
} from '@sightline/vision';
import { FaceApiReference, useCpuBackend } from './face-api-reference';

import { defaultModelDir, REPO_ROOT } from './model-cache';

/**
 * Fits where BlazeFace's eye centres, nose tip and mouth centre land on dlib's 150x150 chip: each
 * face is aligned the dlib way (face-api's 68 landmarks onto dlib's mean face, 25% padding), the
 * BlazeFace points are mapped through that transform, and the mean position is the template.
 *   node tools/scripts/run-ts.cjs tools/models/src/calibrate-chip-template.ts [count]
 * Uses LFW's development-training split so the 10-fold test pairs play no part.
 */
async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? '300');
  const lfw = join(
    resolve(process.env['SIGHTLINE_DATASETS'] ?? join(REPO_ROOT, '..', 'shared', 'datasets')),
    'lfw',
  );
  const names = readFileSync(join(lfw, 'pairsDevTrain.txt'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 3)
    .map((f) => join('images_deepfunneled', f[0], `${f[0]}_${f[1].padStart(4, '0')}.jpg`))
    .slice(0, count);
  await useCpuBackend();
  const reference = new FaceApiReference();
  const store = new FileModelStore({ modelDir: defaultModelDir() });
  const detector = await UltraFaceDetector.create(store, new OrtSessionFactory(), {
    scoreThreshold: 0.5,
  });
  const landmarker = await BlazeFaceLandmarker.create(store, new OrtSessionFactory());
  const decoder = new ImageDecoder();
  const sums = [0, 1, 2, 3].map(() => ({ x: 0, y: 0, xx: 0, yy: 0 }));
  let n = 0;
  for (const path of names) {
    const image = addBorder(await decoder.decode(readFileSync(join(lfw, path))), 40);
    const face = centralFace(image, await detector.detect(image));
    if (!face) continue;
    const side = Math.round(Math.max(face.box.width, face.box.height));
    const left = Math.round(face.box.x + face.box.width / 2 - side / 2);
    const top = Math.round(face.box.y + face.box.height / 2 - side / 2);
    const crop = cropRgb(image, left, top, side, side);
    const l68 = (await reference.landmarks68(side, side, crop.data)).map((p) => ({
      x: p.x + left,
      y: p.y + top,
    }));
    const toChip = estimateSimilarity(
      DLIB_ALIGNMENT_POINTS.map((i) => l68[i]),
      DLIB_ALIGNMENT_POINTS.map((i) => dlibChipPoint(i)),
    );
    const blaze = landmarkPoints(await landmarker.locate(image, face)).map((p) =>
      applySimilarity(toChip, p),
    );
    blaze.forEach((p: Point, k) => {
      sums[k].x += p.x;
      sums[k].y += p.y;
      sums[k].xx += p.x * p.x;
      sums[k].yy += p.y * p.y;
    });
    n++;
  }
  const names4 = ['rightEye', 'leftEye', 'noseTip', 'mouthCentre'];
  console.log(`calibrated on ${n} faces (chip pixels, mean ± sd):`);
  sums.forEach((s, k) => {
    const mx = s.x / n;
    const my = s.y / n;
    console.log(
      `  ${names4[k]}: { x: ${mx.toFixed(3)}, y: ${my.toFixed(3)} },  // sd ${Math.sqrt(s.xx / n - mx * mx).toFixed(2)}, ${Math.sqrt(s.yy / n - my * my).toFixed(2)}`,
    );
  });
}

void main();
