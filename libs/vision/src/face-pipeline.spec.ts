import { FaceAligner } from './face-aligner';
import type { DetectedFace, FaceDetector } from './face-detector';
import type { FaceEmbedder } from './face-embedder';
import type { FaceLandmarks, Landmarker } from './face-landmarks';
import { FacePipeline } from './face-pipeline';
import { QualityRejection } from './face-quality';
import type { RgbImage } from './rgb-image';

/** A textured 300x300 frame so the chip is sharp enough to pass the blur check. */
const image: RgbImage = {
  width: 300,
  height: 300,
  data: Uint8Array.from({ length: 300 * 300 * 3 }, (_, i) =>
    (Math.floor(i / 3) % 300) % 6 < 3 ? 40 : 220,
  ),
};

const faces: DetectedFace[] = [
  { score: 0.99, box: { x: 50, y: 50, width: 120, height: 120 } },
  { score: 0.4, box: { x: 200, y: 200, width: 60, height: 60 } },
];

const detector: FaceDetector = {
  detect: () => Promise.resolve(faces),
  release: () => Promise.resolve(),
};
const landmarker: Landmarker = {
  locate: (_image, face): Promise<FaceLandmarks> => {
    const { x, y, width: w } = face.box;
    return Promise.resolve({
      rightEye: { x: x + 0.3 * w, y: y + 0.35 * w },
      leftEye: { x: x + 0.7 * w, y: y + 0.35 * w },
      noseTip: { x: x + 0.5 * w, y: y + 0.55 * w },
      mouthCentre: { x: x + 0.5 * w, y: y + 0.75 * w },
      rightEar: { x, y: y + 0.5 * w },
      leftEar: { x: x + w, y: y + 0.5 * w },
      confidence: 0.9,
    });
  },
  release: () => Promise.resolve(),
};

class CountingEmbedder implements FaceEmbedder {
  readonly chipSize = 150;
  calls = 0;
  embed(chips: readonly RgbImage[]): Promise<Float32Array[]> {
    this.calls += chips.length;
    return Promise.resolve(chips.map(() => new Float32Array(128).fill(1 / Math.sqrt(128))));
  }
  release(): Promise<void> {
    return Promise.resolve();
  }
}

describe('FacePipeline (fakes)', () => {
  it('embeds usable faces only and says why the others were rejected', async () => {
    const embedder = new CountingEmbedder();
    const result = await new FacePipeline(
      detector,
      landmarker,
      new FaceAligner(),
      embedder,
    ).analyse(image);
    expect(result).toHaveLength(2);
    expect(result[0].quality.rejections).toEqual([]);
    expect(result[0].template).toHaveLength(128);
    expect(result[0].chip.width).toBe(150);
    expect(result[1].quality.rejections).toContain(QualityRejection.LOW_DETECTOR_SCORE);
    expect(result[1].template).toBeUndefined();
    expect(embedder.calls).toBe(1);
  });

  it('embeds rejected faces too when asked (evaluation)', async () => {
    const embedder = new CountingEmbedder();
    const pipeline = new FacePipeline(detector, landmarker, new FaceAligner(), embedder, {
      embedRejected: true,
    });
    const result = await pipeline.analyse(image);
    expect(result.every((f) => f.template !== undefined)).toBe(true);
    expect(embedder.calls).toBe(2);
  });
});
