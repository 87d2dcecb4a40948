/** @jest-environment ./libs/vision/jest-ort-environment.cjs */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { createFacePipeline } from './create-face-pipeline';
import { dot } from './face-embedder';
import type { AnalysedFace, FacePipeline } from './face-pipeline';
import { ImageDecoder } from './image-decoder';
import { DLIB_RESNET_MATCH_THRESHOLD } from './match-threshold';
import { VisionErrorCode } from './vision-error';

const modelDir =
  process.env['SIGHTLINE_MODEL_DIR'] ?? resolve(__dirname, '..', '..', '..', '.cache', 'models');
const demoDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
const samples = [1, 2, 3, 4, 5, 6].map((i) => readFileSync(join(demoDir, `sample${i}.jpg`)));
/** Counted by eye on the six photos; face-api's own demo reports the same 22. */
const FACES_PER_PHOTO = [3, 3, 3, 4, 5, 4];

describe('face pipeline on the face-api demo photos', () => {
  let pipeline: FacePipeline;
  const decoder = new ImageDecoder();
  const analysed: AnalysedFace[][] = [];
  const selfScores: number[] = [];

  beforeAll(async () => {
    pipeline = await createFacePipeline({ modelDir, embedRejected: true, threads: 2 });
    for (const bytes of samples) analysed.push(await pipeline.analyse(await decoder.decode(bytes)));
  });

  afterAll(() => pipeline.release());

  it('finds all 22 faces, photo by photo, with quality scores that rank and reject', () => {
    expect(analysed.map((faces) => faces.length)).toEqual(FACES_PER_PHOTO);
    const all = analysed.flat();
    for (const face of all) {
      expect(face.template).toHaveLength(128);
      expect(face.quality.score).toBeGreaterThanOrEqual(0);
      expect(face.quality.score).toBeLessThanOrEqual(1);
      expect(face.landmarks.confidence).toBeGreaterThan(0.5);
      if (face.quality.rejections.length === 0) expect(face.quality.score).toBeGreaterThan(0);
    }
    // sample2 holds a near-profile face; a few more are turned past the pose limit.
    expect(all.filter((f) => f.quality.rejections.length === 0).length).toBeGreaterThanOrEqual(18);
  });

  it('matches every face to itself in a mirrored, 60%-scaled copy, above the LFW threshold', async () => {
    for (const [i, bytes] of samples.entries()) {
      const width = (await sharp(bytes).metadata()).width ?? 0;
      const copy = await sharp(bytes)
        .flop()
        .resize(Math.round(width * 0.6))
        .jpeg({ quality: 90 })
        .toBuffer();
      const copies = await pipeline.analyse(await decoder.decode(copy));
      for (const face of analysed[i]) {
        const scores = copies.map((c) =>
          dot(face.template as Float32Array, c.template as Float32Array),
        );
        const best = copies[scores.indexOf(Math.max(...scores))];
        const mirroredCentre =
          (width - (face.detection.box.x + face.detection.box.width / 2)) * 0.6;
        expect(
          Math.abs(best.detection.box.x + best.detection.box.width / 2 - mirroredCentre),
        ).toBeLessThan(30);
        expect(Math.max(...scores)).toBeGreaterThan(DLIB_RESNET_MATCH_THRESHOLD);
        selfScores.push(Math.max(...scores));
      }
    }
  });

  it('keeps different people of the same photo below every same-person score', () => {
    const others: number[] = [];
    for (const faces of analysed) {
      for (let a = 0; a < faces.length; a++) {
        for (let b = a + 1; b < faces.length; b++) {
          others.push(dot(faces[a].template as Float32Array, faces[b].template as Float32Array));
        }
      }
    }
    expect(others).toHaveLength(3 + 3 + 3 + 6 + 10 + 6);
    expect(selfScores).toHaveLength(22);
    const above = others.filter((s) => s > DLIB_RESNET_MATCH_THRESHOLD).length;
    // Documented weakness (docs/vision.md): these six photos are of similar-looking young women
    // and dlib's ResNet puts a few of them closer than LFW's impostors; ranking still separates.
    console.log(
      `demo photos: same-person min ${Math.min(...selfScores).toFixed(3)}, different-person max ${Math.max(...others).toFixed(3)}, ${above} of ${others.length} different-person pairs above ${DLIB_RESNET_MATCH_THRESHOLD}`,
    );
    expect(Math.max(...others)).toBeLessThan(Math.min(...selfScores));
  });

  it('reports a truncated real photo and a zero-byte file with their codes', async () => {
    await expect(decoder.decode(samples[0].subarray(0, 20_000))).rejects.toMatchObject({
      code: VisionErrorCode.CORRUPT_IMAGE,
    });
    await expect(decoder.decode(new Uint8Array())).rejects.toMatchObject({
      code: VisionErrorCode.EMPTY_INPUT,
    });
  });
});
