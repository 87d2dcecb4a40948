/** @jest-environment ./libs/vision/jest-ort-environment.cjs */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FaceLandmark68Landmarker,
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
  cropRgb,
  resizeRgb,
} from '@sightline/vision';
import { demoPhotoPaths } from './embedder-equivalence';
import { FaceApiReference, useCpuBackend } from './face-api-reference';
import { REPO_ROOT } from './model-cache';

const modelDir = process.env['SIGHTLINE_MODEL_DIR'] ?? join(REPO_ROOT, '.cache', 'models');

describe('68-point landmark ONNX graph vs face-api on TensorFlow.js (CPU backend)', () => {
  it('places all 68 points within 0.5 px of face-api on every demo face', async () => {
    await useCpuBackend();
    const reference = new FaceApiReference();
    const store = new FileModelStore({ modelDir });
    const detector = await UltraFaceDetector.create(store, new OrtSessionFactory());
    const ours = await FaceLandmark68Landmarker.create(store, new OrtSessionFactory());
    let faces = 0;
    let worst = 0;
    for (const path of demoPhotoPaths()) {
      const image = await new ImageDecoder().decode(readFileSync(path));
      for (const face of await detector.detect(image)) {
        // Same 112 px input for both, so only the networks differ.
        const side = 112;
        const scale = side / Math.max(face.box.width, face.box.height);
        const small = {
          box: {
            x: face.box.x * scale,
            y: face.box.y * scale,
            width: face.box.width * scale,
            height: face.box.height * scale,
          },
          score: face.score,
        };
        const scaled = await resizeRgb(
          image,
          Math.round(image.width * scale),
          Math.round(image.height * scale),
        );
        const left = Math.round(small.box.x + small.box.width / 2 - side / 2);
        const top = Math.round(small.box.y + small.box.height / 2 - side / 2);
        const crop = cropRgb(scaled, left, top, side, side);
        const expected = await reference.landmarks68(side, side, crop.data);
        const actual = await ours.points(crop, {
          score: 1,
          box: { x: 0, y: 0, width: side, height: side },
        });
        expected.forEach((p, i) => {
          worst = Math.max(worst, Math.abs(p.x - actual[i].x), Math.abs(p.y - actual[i].y));
        });
        faces++;
      }
    }
    console.log(`68-point equivalence: ${faces} faces, worst deviation ${worst.toFixed(5)} px`);
    expect(faces).toBeGreaterThanOrEqual(22);
    expect(worst).toBeLessThan(0.5);
  });
});
