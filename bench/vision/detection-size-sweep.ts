import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
  intersectionOverUnion,
  resizeRgb,
} from '@sightline/vision';
import { datasetsDir, modelDir, requireDataset } from './bench-paths';
import { HIT_IOU } from './detection-eval';
import { readImglab, type LabelledImage } from './dlib-imglab';

/**
 * How small a face UltraFace still finds, measured in pixels of the network's input: every
 * dlib-faces photo shrunk by a series of factors (the 37-90 px faces become 7-90 px), recall per
 * bucket of the labelled box's width at the input. This is what `minFaceSize` is calibrated on.
 *   node tools/scripts/run-ts.cjs bench/vision/detection-size-sweep.ts
 */
const SCALES = [1, 0.8, 0.65, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2];
const BUCKETS = [0, 8, 10, 12, 14, 16, 18, 20, 24, 32, 48, Infinity];

export interface SizeBucket {
  readonly inputFacePx: string;
  readonly truths: number;
  readonly hits: number;
  readonly recall: number;
}

export async function runDetectionSizeSweep(): Promise<SizeBucket[] | undefined> {
  const dir = join(datasetsDir(), 'detection', 'dlib-faces');
  if (!requireDataset(join(dir, 'testing.xml'), 'detection size sweep (dlib-faces)'))
    return undefined;
  const labelled: LabelledImage[] = [
    ...readImglab(join(dir, 'training.xml')),
    ...readImglab(join(dir, 'testing.xml')),
  ];
  const decoder = new ImageDecoder();
  const detector = await UltraFaceDetector.create(
    new FileModelStore({ modelDir: modelDir() }),
    new OrtSessionFactory(),
    { threads: 1, maxInputSide: 100_000 },
  );
  const truths = new Array<number>(BUCKETS.length - 1).fill(0);
  const hits = new Array<number>(BUCKETS.length - 1).fill(0);
  for (const l of labelled) {
    const image = await decoder.decode(readFileSync(join(dir, l.file)));
    for (const scale of SCALES) {
      const w = Math.round(image.width * scale);
      const h = Math.round(image.height * scale);
      const found = await detector.detect(await resizeRgb(image, w, h));
      const sx = w / image.width;
      const sy = h / image.height;
      const matched = new Set<number>();
      for (const d of found) {
        let best = -1;
        let bestIou = HIT_IOU;
        l.boxes.forEach((t, k) => {
          const truth = { x: t.x * sx, y: t.y * sy, width: t.width * sx, height: t.height * sy };
          const iou = intersectionOverUnion(truth, d.box);
          if (!matched.has(k) && iou >= bestIou) {
            best = k;
            bestIou = iou;
          }
        });
        if (best >= 0) matched.add(best);
      }
      l.boxes.forEach((t, k) => {
        const bucket = BUCKETS.findIndex(
          (edge, i) => t.width * sx >= edge && t.width * sx < BUCKETS[i + 1],
        );
        truths[bucket]++;
        if (matched.has(k)) hits[bucket]++;
      });
    }
  }
  await detector.release();
  return truths.map((n, i) => ({
    inputFacePx: `${BUCKETS[i]}-${BUCKETS[i + 1]}`,
    truths: n,
    hits: hits[i],
    recall: n > 0 ? hits[i] / n : NaN,
  }));
}

if (require.main === module) {
  void runDetectionSizeSweep().then((r) => r && console.table(r));
}
