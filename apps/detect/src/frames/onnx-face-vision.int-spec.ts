/** @jest-environment ./libs/vision/jest-ort-environment.cjs */
import { detectionDefaults } from '@sightline/config';
import { isVisionError, VisionErrorCode } from '@sightline/vision';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { defaultModelDir } from './model-dir';
import { OnnxFaceVision } from './onnx-face-vision';

const demoDir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

describe('OnnxFaceVision on the face-api demo photos', () => {
  let vision: OnnxFaceVision;

  beforeAll(async () => {
    vision = await OnnxFaceVision.create(defaultModelDir(), detectionDefaults());
  });

  afterAll(() => vision.onApplicationShutdown());

  it('resolves the repository model cache by default', () => {
    expect(defaultModelDir()).toMatch(/\.cache[/\\]models$/);
  });

  it.each([1, 2, 3])(
    'finds the faces of sample%i.jpg with sane boxes, landmarks, quality and a JPEG chip',
    async (n) => {
      const bytes = readFileSync(join(demoDir, `sample${n}.jpg`));
      const image = await vision.decode(bytes);
      const faces = await vision.detect(image);
      // Counted by eye (libs/vision face-pipeline.int-spec): three people in each of these photos.
      expect(faces).toHaveLength(3);
      let usable = 0;
      for (const face of faces) {
        const { box } = face;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(image.width);
        expect(box.y + box.height).toBeLessThanOrEqual(image.height);
        expect(box.width).toBeGreaterThan(20);
        expect(box.height / box.width).toBeGreaterThan(0.8);
        expect(box.height / box.width).toBeLessThan(2);
        expect(face.score).toBeGreaterThan(0.7);

        const landmarks = await vision.landmarks(image, face);
        // Inside the box give or take a quarter of its size (a turned head puts an eye at the edge).
        const slack = box.width / 4;
        for (const point of [landmarks.rightEye, landmarks.leftEye, landmarks.noseTip]) {
          expect(point.x).toBeGreaterThan(box.x - slack);
          expect(point.x).toBeLessThan(box.x + box.width + slack);
          expect(point.y).toBeGreaterThan(box.y - slack);
          expect(point.y).toBeLessThan(box.y + box.height + slack);
        }
        expect(landmarks.leftEye.x).toBeGreaterThan(landmarks.rightEye.x);
        const chip = vision.align(image, landmarks);
        expect([chip.width, chip.height]).toEqual([150, 150]);
        const quality = vision.quality(face, landmarks, chip);
        expect(quality.score).toBeGreaterThanOrEqual(0);
        expect(quality.score).toBeLessThanOrEqual(1);
        if (quality.rejections.length === 0) {
          usable += 1;
          expect(quality.score).toBeGreaterThan(0.05);
        }

        const jpeg = Buffer.from(await vision.encodeChip(chip), 'base64');
        expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
        const meta = await sharp(jpeg).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 150, 150]);
      }
      expect(usable).toBeGreaterThanOrEqual(2);
    },
  );

  it('refuses bytes that are not an image with a VisionError', async () => {
    const error: unknown = await vision.decode(Buffer.from('not a jpeg')).catch((e: unknown) => e);
    expect(isVisionError(error, VisionErrorCode.CORRUPT_IMAGE)).toBe(true);
  });
});
