import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DlibResnetEmbedder,
  FaceAligner,
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
  addBorder,
  centralFace,
  createLandmarker,
  dot,
  evaluateVerification,
  parseLfwPairs,
  type DetectedFace,
  type LandmarkerKind,
  type VerificationResult,
} from '@sightline/vision';
import { argValue, datasetsDir, modelDir, requireDataset } from './bench-paths';
import { ProgressBar } from './progress-bar';

export interface LfwRun {
  readonly result: VerificationResult;
  readonly pairs: number;
  readonly images: number;
  readonly fallbacks: number;
  readonly border: number;
}

/**
 * Our own detector, landmarks and alignment on every image of pairs.txt. When UltraFace finds no
 * face the central 60% of the frame stands in for the box (counted as a fallback and reported).
 */
export async function runLfw(options: {
  folds: number;
  border: number;
  threads: number;
  landmarks: LandmarkerKind;
}): Promise<LfwRun | undefined> {
  const lfwDir = join(datasetsDir(), 'lfw');
  if (!requireDataset(join(lfwDir, 'pairs.txt'), 'LFW verification')) return undefined;
  const pairs = parseLfwPairs(readFileSync(join(lfwDir, 'pairs.txt'), 'utf8')).filter(
    (p) => p.fold < options.folds,
  );
  const images = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const store = new FileModelStore({ modelDir: modelDir() });
  const sessions = new OrtSessionFactory();
  const detector = await UltraFaceDetector.create(store, sessions, {
    threads: options.threads,
    scoreThreshold: 0.5,
  });
  const landmarker = await createLandmarker(store, sessions, options.landmarks, options.threads);
  const embedder = await DlibResnetEmbedder.create(store, sessions, { threads: options.threads });
  const aligner = new FaceAligner();
  const decoder = new ImageDecoder();
  const templates = new Map<string, Float32Array>();
  let fallbacks = 0;
  const bar = new ProgressBar('LFW', images.length);
  for (const [i, path] of images.entries()) {
    const image = addBorder(await decoder.decode(readFileSync(join(lfwDir, path))), options.border);
    let face: DetectedFace | undefined = centralFace(image, await detector.detect(image));
    if (!face) {
      fallbacks++;
      const w = (image.width - 2 * options.border) * 0.6;
      face = {
        score: 0,
        box: { x: (image.width - w) / 2, y: (image.height - w) / 2, width: w, height: w },
      };
    }
    const landmarks = await landmarker.locate(image, face);
    const [template] = await embedder.embed([aligner.align(image, landmarks).chip]);
    templates.set(path, template);
    bar.tick(i + 1);
  }
  const scores = pairs.map((p) =>
    dot(templates.get(p.a) as Float32Array, templates.get(p.b) as Float32Array),
  );
  return {
    result: evaluateVerification(pairs, scores),
    pairs: pairs.length,
    images: images.length,
    fallbacks,
    border: options.border,
  };
}

if (require.main === module) {
  void (async () => {
    const run = await runLfw({
      folds: Number(argValue('folds', '10')),
      border: Number(argValue('border', '40')),
      threads: Number(argValue('threads', '2')),
      landmarks: argValue('landmarks', 'blazeface') as LandmarkerKind,
    });
    if (run) console.log(JSON.stringify(run, null, 1));
  })();
}
