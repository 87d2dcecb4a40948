import { assessQuality, QualityRejection } from './face-quality';
import type { FaceLandmarks } from './face-landmarks';
import type { RgbImage } from './rgb-image';
import { laplacianVariance } from './sharpness';

function checkerChip(cell: number): RgbImage {
  const data = new Uint8Array(150 * 150 * 3);
  for (let y = 0; y < 150; y++)
    for (let x = 0; x < 150; x++)
      data.fill(
        (Math.floor(x / cell) + Math.floor(y / cell)) % 2 ? 200 : 50,
        (y * 150 + x) * 3,
        (y * 150 + x) * 3 + 3,
      );
  return { width: 150, height: 150, data };
}

const flatChip: RgbImage = {
  width: 150,
  height: 150,
  data: new Uint8Array(150 * 150 * 3).fill(120),
};

const landmarks = (scale: number, noseShift = 0): FaceLandmarks => ({
  rightEye: { x: 100, y: 100 },
  leftEye: { x: 100 + 60 * scale, y: 100 },
  noseTip: { x: 100 + 30 * scale + noseShift * scale, y: 100 + 32 * scale },
  mouthCentre: { x: 100 + 30 * scale, y: 100 + 62 * scale },
  rightEar: { x: 80, y: 110 },
  leftEar: { x: 100 + 80 * scale, y: 110 },
  confidence: 0.95,
});

const detection = { score: 0.99, box: { x: 80, y: 70, width: 100, height: 100 } };

describe('assessQuality', () => {
  it('accepts a large, sharp, frontal, confident face with a high score', () => {
    const q = assessQuality(detection, landmarks(1), checkerChip(3));
    expect(q.rejections).toEqual([]);
    expect(q.score).toBeGreaterThan(0.8);
  });

  it('rejects with reasons: small, blurry, turned, unsure', () => {
    expect(assessQuality(detection, landmarks(0.2), checkerChip(3)).rejections).toContain(
      QualityRejection.TOO_SMALL,
    );
    expect(assessQuality(detection, landmarks(1), flatChip).rejections).toContain(
      QualityRejection.BLURRY,
    );
    expect(assessQuality(detection, landmarks(1, 25), checkerChip(3)).rejections).toContain(
      QualityRejection.EXTREME_POSE,
    );
    expect(
      assessQuality({ ...detection, score: 0.3 }, landmarks(1), checkerChip(3)).rejections,
    ).toContain(QualityRejection.LOW_DETECTOR_SCORE);
    expect(
      assessQuality(detection, { ...landmarks(1), confidence: 0.1 }, checkerChip(3)).rejections,
    ).toContain(QualityRejection.LOW_LANDMARK_CONFIDENCE);
  });

  it('ranks a sharper, more frontal face of the same track higher', () => {
    const best = assessQuality(detection, landmarks(1), checkerChip(3)).score;
    expect(assessQuality(detection, landmarks(1, 10), checkerChip(3)).score).toBeLessThan(best);
    expect(laplacianVariance(checkerChip(3))).toBeGreaterThan(laplacianVariance(checkerChip(30)));
  });
});
