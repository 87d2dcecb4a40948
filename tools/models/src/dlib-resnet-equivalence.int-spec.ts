/** @jest-environment ./libs/vision/jest-ort-environment.cjs */
import { join } from 'node:path';
import { compareWithFaceApi, demoChips } from './embedder-equivalence';
import { REPO_ROOT } from './model-cache';

const modelDir = process.env['SIGHTLINE_MODEL_DIR'] ?? join(REPO_ROOT, '.cache', 'models');

describe('dlib ResNet ONNX graph vs face-api on TensorFlow.js (CPU backend)', () => {
  it('gives cosine >= 0.999 on every aligned chip of the demo photos', async () => {
    const chips = await demoChips(modelDir);
    expect(chips.length).toBeGreaterThanOrEqual(22);
    const report = await compareWithFaceApi(modelDir, chips);
    console.log(
      `equivalence: ${report.chips} chips, min cosine ${report.minCosine}, mean ${report.meanCosine}`,
    );
    expect(report.minCosine).toBeGreaterThanOrEqual(0.999);
  });
});
