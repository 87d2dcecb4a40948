import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
  intersectionOverUnion,
  type Box,
  type RgbImage,
  type UltraFaceMode,
} from '@sightline/vision';
import { datasetsDir, modelDir, requireDataset } from './bench-paths';
import { readImglab, type LabelledImage } from './dlib-imglab';
import { ProgressBar } from './progress-bar';

/**
 * dlib's boxes are tight (brows to chin) while UltraFace's include the forehead, so a detection
 * counts as a hit at IoU >= 0.3 with a not-yet-matched ground-truth box (greedy, best score first).
 */
export const HIT_IOU = 0.3;

export interface DetectionSetting {
  readonly name: string;
  readonly mode: UltraFaceMode;
  readonly maxInputSide?: number;
  readonly minFaceSize?: number;
  /** Paste the photo into a 1920x1080 grey frame: same face pixels, CCTV-sized frame. */
  readonly inLargeFrame: boolean;
}

export interface DetectionScore {
  readonly setting: string;
  readonly recall: number;
  readonly precision: number;
  readonly hits: number;
  readonly truths: number;
  readonly detections: number;
  readonly smallRecall: number;
  readonly smallTruths: number;
  readonly msPerImage: number;
}

function pasteIntoFrame(
  image: RgbImage,
  width: number,
  height: number,
): { frame: RgbImage; dx: number; dy: number } {
  const data = new Uint8Array(width * height * 3).fill(128);
  const dx = Math.floor((width - image.width) / 2);
  const dy = Math.floor((height - image.height) / 2);
  for (let y = 0; y < image.height; y++) {
    data.set(
      image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3),
      ((y + dy) * width + dx) * 3,
    );
  }
  return { frame: { width, height, data }, dx, dy };
}

const SMALL_FACE = 40;

export const DETECTION_SETTINGS: readonly DetectionSetting[] = [
  {
    name: 'dynamic (native size, cap 640)',
    mode: 'dynamic',
    maxInputSide: 640,
    inLargeFrame: false,
  },
  {
    name: "dynamic, detect's default (min face 28 px, cap 640)",
    mode: 'dynamic',
    maxInputSide: 640,
    minFaceSize: 28,
    inLargeFrame: false,
  },
  { name: 'fixed 320x240 resize', mode: 'fixed', inLargeFrame: false },
  { name: 'tiled 320x240', mode: 'tiled', inLargeFrame: false },
  {
    name: '1920x1080 frame: dynamic (cap 1920)',
    mode: 'dynamic',
    maxInputSide: 1920,
    inLargeFrame: true,
  },
  {
    name: '1920x1080 frame: dynamic (cap 640)',
    mode: 'dynamic',
    maxInputSide: 640,
    inLargeFrame: true,
  },
  { name: '1920x1080 frame: fixed 320x240 resize', mode: 'fixed', inLargeFrame: true },
  { name: '1920x1080 frame: tiled 320x240', mode: 'tiled', inLargeFrame: true },
];

export async function runDetectionEval(threads: number): Promise<DetectionScore[] | undefined> {
  const dir = join(datasetsDir(), 'detection', 'dlib-faces');
  if (!requireDataset(join(dir, 'testing.xml'), 'detection recall/precision (dlib-faces)'))
    return undefined;
  const labelled: LabelledImage[] = [
    ...readImglab(join(dir, 'training.xml')),
    ...readImglab(join(dir, 'testing.xml')),
  ];
  const decoder = new ImageDecoder();
  const images = await Promise.all(
    labelled.map(async (l) => decoder.decode(readFileSync(join(dir, l.file)))),
  );
  const store = new FileModelStore({ modelDir: modelDir() });
  const results: DetectionScore[] = [];
  const bar = new ProgressBar('detection', DETECTION_SETTINGS.length * labelled.length);
  let done = 0;
  for (const setting of DETECTION_SETTINGS) {
    const detector = await UltraFaceDetector.create(store, new OrtSessionFactory(), {
      mode: setting.mode,
      maxInputSide: setting.maxInputSide,
      minFaceSize: setting.minFaceSize,
      threads,
    });
    let hits = 0,
      truths = 0,
      detections = 0,
      smallHits = 0,
      smallTruths = 0,
      elapsedMs = 0;
    for (const [i, l] of labelled.entries()) {
      let found: { box: Box; score: number }[];
      const started = Date.now();
      if (setting.inLargeFrame) {
        const { frame, dx, dy } = pasteIntoFrame(images[i], 1920, 1080);
        found = (await detector.detect(frame)).map((d) => ({
          ...d,
          box: { ...d.box, x: d.box.x - dx, y: d.box.y - dy },
        }));
      } else {
        found = await detector.detect(images[i]);
      }
      elapsedMs += Date.now() - started;
      const matched = new Set<number>();
      for (const d of found) {
        let best = -1,
          bestIou = HIT_IOU;
        l.boxes.forEach((t, k) => {
          const iou = intersectionOverUnion(t, d.box);
          if (!matched.has(k) && iou >= bestIou) {
            best = k;
            bestIou = iou;
          }
        });
        if (best >= 0) {
          matched.add(best);
          hits++;
          if (l.boxes[best].width < SMALL_FACE) smallHits++;
        } else if (!l.ignored.some((t) => intersectionOverUnion(t, d.box) >= HIT_IOU)) {
          detections++;
        }
      }
      truths += l.boxes.length;
      smallTruths += l.boxes.filter((b) => b.width < SMALL_FACE).length;
      detections += matched.size;
      bar.tick(++done);
    }
    await detector.release();
    results.push({
      setting: setting.name,
      recall: hits / truths,
      precision: detections > 0 ? hits / detections : 1,
      hits,
      truths,
      detections,
      smallRecall: smallTruths > 0 ? smallHits / smallTruths : NaN,
      smallTruths,
      msPerImage: elapsedMs / labelled.length,
    });
  }
  return results;
}

if (require.main === module) {
  void runDetectionEval(2).then((r) => console.table(r));
}
