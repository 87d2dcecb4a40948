// How big a detector box must be for its face to pass the TOO_SMALL bar (eye distance), measured
// on real faces: the evidence behind MAX_EYE_DISTANCE_PER_BOX_SIDE in apps/detect's analysis gate.
//   node tools/scripts/run-ts.cjs bench/pipeline/too-small-study.ts
import {
  assessQuality,
  BlazeFaceLandmarker,
  DEFAULT_QUALITY_THRESHOLDS,
  FaceAligner,
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
} from '@sightline/vision';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { extractFrames } from './in-process-peer';

const repoRoot = path.resolve(__dirname, '..', '..');
const work = path.join(repoRoot, '.local', 'too-small-study');
const videos = path.resolve(repoRoot, '..', 'shared', 'datasets', 'video');
const demoDir = path.join(
  path.dirname(require.resolve('@vladmandic/face-api/package.json')),
  'demo',
);

/** Every `step`-th frame of a video at `height`, as the MJPEG ingest publishes. */
function frames(video: string, height: number, step: number): Buffer[] {
  const dir = path.join(work, `${path.basename(video)}-${height}`);
  return extractFrames(video, height, dir, { everyNth: step }).map((file) => readFileSync(file));
}

async function main(): Promise<void> {
  const sources: { name: string; images: Buffer[] }[] = [];
  for (const [file, heights, step] of [
    ['street-walk-1080p.mp4', [1080, 720, 480], 2],
    ['one-by-one-person.mp4', [720, 480, 360], 5],
  ] as const) {
    const video = path.join(videos, file);
    if (!existsSync(video)) continue;
    for (const height of heights)
      sources.push({ name: `${file}@${height}`, images: frames(video, height, step) });
  }
  for (const width of [640, 320, 200, 140]) {
    const images: Buffer[] = [];
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const file = path.join(demoDir, `sample${n}.jpg`);
      if (existsSync(file)) images.push(await sharp(file).resize({ width }).jpeg().toBuffer());
    }
    sources.push({ name: `face-api demo @${width}w`, images });
  }
  // Wired as apps/detect's OnnxFaceVision wires them (one thread per session).
  const store = new FileModelStore({ modelDir: path.join(repoRoot, '.cache', 'models') });
  const sessions = new OrtSessionFactory();
  const detector = await UltraFaceDetector.create(store, sessions, { threads: 1 });
  const landmarker = await BlazeFaceLandmarker.create(store, sessions, { threads: 1 });
  const decoder = new ImageDecoder();
  const aligner = new FaceAligner();
  const min = DEFAULT_QUALITY_THRESHOLDS.minEyeDistance;
  let maxRatio = 0;
  let maxPassingRatio = 0;
  let smallestPassingSide = Infinity;
  let faces = 0;
  let tooSmall = 0;
  const ratios: number[] = [];
  const measured: { source: string; side: number; eyeDistance: number; passed: boolean }[] = [];
  try {
    for (const { name, images } of sources) {
      let sourceFaces = 0;
      let sourceMax = 0;
      for (const bytes of images) {
        const image = await decoder.decode(bytes);
        for (const face of await detector.detect(image)) {
          if (face.box.width <= 0 || face.box.height <= 0) continue;
          const landmarks = await landmarker.locate(image, face);
          const quality = assessQuality(face, landmarks, aligner.align(image, landmarks).chip);
          const side = Math.max(face.box.width, face.box.height);
          const ratio = quality.pose.eyeDistance / side;
          ratios.push(ratio);
          measured.push({
            source: name,
            side,
            eyeDistance: quality.pose.eyeDistance,
            passed: quality.rejections.length === 0,
          });
          faces += 1;
          sourceFaces += 1;
          sourceMax = Math.max(sourceMax, ratio);
          maxRatio = Math.max(maxRatio, ratio);
          if (quality.pose.eyeDistance < min) tooSmall += 1;
          if (quality.rejections.length === 0) {
            maxPassingRatio = Math.max(maxPassingRatio, ratio);
            smallestPassingSide = Math.min(smallestPassingSide, side);
          }
        }
      }
      console.log(
        `${name}: ${images.length} images, ${sourceFaces} faces, max eye/side ${sourceMax.toFixed(3)}`,
      );
    }
  } finally {
    await Promise.all([detector.release(), landmarker.release()]);
  }
  // What a gate skipping boxes whose longer side times `ratio` is below the bar would do.
  for (const ratio of [0.7, 0.75, 0.8, 0.9, 1]) {
    const skipped = measured.filter((face) => face.side * ratio < min);
    const street720 = measured.filter((face) =>
      face.source.startsWith('street-walk-1080p.mp4@720'),
    );
    console.log(
      JSON.stringify({
        ratio,
        skipped: skipped.length,
        skipped_not_too_small: skipped.filter((face) => face.eyeDistance >= min).length,
        skipped_passing: skipped.filter((face) => face.passed).length,
        street_720p_too_small: street720.filter((face) => face.eyeDistance < min).length,
        street_720p_skipped: street720.filter((face) => face.side * ratio < min).length,
      }),
    );
  }
  ratios.sort((a, b) => a - b);
  const at = (q: number): string => (ratios[Math.floor(q * (ratios.length - 1))] ?? 0).toFixed(3);
  console.log(
    JSON.stringify({
      faces,
      too_small: tooSmall,
      eye_distance_per_box_side: { p50: at(0.5), p99: at(0.99), max: maxRatio.toFixed(3) },
      max_ratio_of_passing_faces: maxPassingRatio.toFixed(3),
      smallest_box_side_of_passing_faces: smallestPassingSide,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
