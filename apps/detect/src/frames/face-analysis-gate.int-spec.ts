/** @jest-environment ./libs/vision/jest-ort-environment.cjs */
import { detectionDefaults } from '@sightline/config';
import { QualityRejection } from '@sightline/vision';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { isTooSmallToPass } from './face-analysis-gate';
import { defaultModelDir } from './model-dir';
import { OnnxFaceVision } from './onnx-face-vision';

const demoDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

describe('isTooSmallToPass with the real models', () => {
  let vision: OnnxFaceVision;

  beforeAll(async () => {
    // A detector that still finds faces below DETECT_MIN_FACE_PX: the bound is about the
    // landmarks of small boxes, whatever operating point the service's detector runs at.
    vision = await OnnxFaceVision.create(defaultModelDir(), {
      ...detectionDefaults(),
      minFacePx: 8,
    });
  });

  afterAll(() => vision.onApplicationShutdown());

  // The demo photos shrunk until their faces straddle the bound: every face the gate would skip
  // must be one the full analysis rejects as TOO_SMALL, so skipping it never loses a usable face.
  it('skips only faces the quality bar rejects as too small', async () => {
    let skipped = 0;
    let analysed = 0;
    for (const width of [320, 240, 200, 160, 140, 120]) {
      for (const n of [1, 2, 3, 4, 5, 6]) {
        const file = join(demoDir, `sample${n}.jpg`);
        if (!existsSync(file)) continue;
        const image = await vision.decode(await sharp(file).resize({ width }).jpeg().toBuffer());
        for (const face of await vision.detect(image)) {
          const landmarks = await vision.landmarks(image, face);
          const quality = vision.quality(face, landmarks, vision.align(image, landmarks));
          analysed += 1;
          if (!isTooSmallToPass(face.box)) continue;
          skipped += 1;
          expect(quality.rejections).toContain(QualityRejection.TOO_SMALL);
        }
      }
    }
    // Not vacuous: the smaller sizes put many faces under the bound, and some above it.
    expect(skipped).toBeGreaterThan(10);
    expect(analysed).toBeGreaterThan(skipped);
  }, 120_000);
});
