/** @jest-environment ./libs/vision/jest-ort-environment.cjs */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  FileModelStore,
  ImageDecoder,
  MODEL_MANIFEST,
  decodeUltraface,
  resizeRgb,
  toPlanarFloat,
  ultrafacePriors,
} from '@sightline/vision';
import { demoPhotoPaths } from './embedder-equivalence';
import { REPO_ROOT } from './model-cache';
import { decodeModel } from './onnx-proto';

const modelDir = process.env['SIGHTLINE_MODEL_DIR'] ?? join(REPO_ROOT, '.cache', 'models');

function constant(model: ReturnType<typeof decodeModel>, output: string): Float32Array {
  const n = model.graph.node.find((x) => x.opType === 'Constant' && x.output[0] === output);
  const raw = n?.attribute[0]?.t?.rawData;
  if (!raw) throw new Error(`constant ${output} not found`);
  return new Float32Array(Uint8Array.from(raw).buffer);
}

describe('UltraFace graph edit', () => {
  const store = new FileModelStore({ modelDir });

  it('generates exactly the priors the original export baked for 320x240', async () => {
    const original = decodeModel(await store.load('ultraface-rfb-320'));
    // 469 = prior centres, 467 = prior sizes (times the centre variance, which is 1 here after Mul 465).
    const centres = constant(original, '469');
    const sizes = constant(original, '475');
    const ours = ultrafacePriors(320, 240);
    expect(centres.length).toBe(4420 * 2);
    let maxError = 0;
    for (let n = 0; n < 4420; n++) {
      maxError = Math.max(
        maxError,
        Math.abs(centres[n * 2] - ours[n * 4]),
        Math.abs(centres[n * 2 + 1] - ours[n * 4 + 1]),
        Math.abs(sizes[n * 2] - ours[n * 4 + 2]),
        Math.abs(sizes[n * 2 + 1] - ours[n * 4 + 3]),
      );
    }
    expect(maxError).toBeLessThan(1e-6);
  });

  it('decodes the edited graph to the original graph boxes at 320x240', async () => {
    const image = await resizeRgb(
      await new ImageDecoder().decode(readFileSync(demoPhotoPaths()[0])),
      320,
      240,
    );
    const spec = MODEL_MANIFEST['ultraface-rfb-320'].input;
    const input = new ort.Tensor(
      'float32',
      toPlanarFloat(image, spec.mean, spec.scale),
      [1, 3, 240, 320],
    );
    const original = await ort.InferenceSession.create(await store.load('ultraface-rfb-320'));
    const edited = await ort.InferenceSession.create(await store.load('ultraface-rfb-dynamic'));
    const a = await original.run({ input });
    const b = await edited.run({ input });
    const scoreA = a['scores'].data as Float32Array;
    const scoreB = b['scores'].data as Float32Array;
    expect(scoreB.length).toBe(scoreA.length);
    // Same weights; ORT fuses the two graphs differently, so only the last float digits may differ.
    expect(Math.max(...scoreA.map((v, i) => Math.abs(v - scoreB[i])))).toBeLessThan(1e-5);
    const boxes = a['boxes'].data as Float32Array;
    const decoded = decodeUltraface(
      b['scores'].data as Float32Array,
      b['deltas'].data as Float32Array,
      ultrafacePriors(320, 240),
      320,
      240,
      0.7,
    );
    expect(decoded.length).toBeGreaterThanOrEqual(3);
    const scores = a['scores'].data as Float32Array;
    const expected: Float32Array[] = [];
    for (let n = 0; n < 4420; n++)
      if (scores[n * 2 + 1] >= 0.7) expected.push(boxes.slice(n * 4, n * 4 + 4));
    decoded.forEach((d, i) => {
      expect(d.box.x / 320).toBeCloseTo(expected[i][0], 5);
      expect(d.box.y / 240).toBeCloseTo(expected[i][1], 5);
      expect((d.box.x + d.box.width) / 320).toBeCloseTo(expected[i][2], 5);
      expect((d.box.y + d.box.height) / 240).toBeCloseTo(expected[i][3], 5);
    });
  });
});
