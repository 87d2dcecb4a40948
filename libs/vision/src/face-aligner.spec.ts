import { DLIB_CHIP_TEMPLATE } from './chip-template';
import { DLIB_ALIGNMENT_POINTS, dlibChipPoint } from './dlib-mean-face';
import { FaceAligner } from './face-aligner';
import { cropBoxFromKeypoints, landmarksFrom68 } from './face-landmark68-landmarker';
import type { FaceLandmarks } from './face-landmarks';
import { applySimilarity } from './similarity-transform';

const image = { width: 400, height: 300, data: new Uint8Array(400 * 300 * 3).fill(90) };
/** A face twice the chip's scale, rotated 10 degrees, shifted to (120, 60). */
const truth = { a: 2 * Math.cos(0.17), b: 2 * Math.sin(0.17), tx: 120, ty: 60 };

describe('FaceAligner', () => {
  const aligner = new FaceAligner();

  it('maps the four BlazeFace points onto the calibrated template', () => {
    const t = DLIB_CHIP_TEMPLATE;
    const landmarks: FaceLandmarks = {
      rightEye: applySimilarity(truth, t.rightEye),
      leftEye: applySimilarity(truth, t.leftEye),
      noseTip: applySimilarity(truth, t.noseTip),
      mouthCentre: applySimilarity(truth, t.mouthCentre),
      rightEar: { x: 0, y: 0 },
      leftEar: { x: 0, y: 0 },
      confidence: 1,
    };
    const { chip, transform } = aligner.align(image, landmarks);
    expect([chip.width, chip.height]).toEqual([150, 150]);
    const back = applySimilarity(transform, landmarks.noseTip);
    expect(back.x).toBeCloseTo(t.noseTip.x, 6);
    expect(back.y).toBeCloseTo(t.noseTip.y, 6);
  });

  it("aligns 68 points exactly as dlib's get_face_chip_details(shape, 150, 0.25)", () => {
    const points = Array.from({ length: 68 }, (_, i) =>
      applySimilarity(truth, i >= 17 ? dlibChipPoint(i) : { x: 0, y: 0 }),
    );
    const transform = aligner.transformFor(landmarksFrom68(points, 1));
    for (const i of DLIB_ALIGNMENT_POINTS) {
      const p = applySimilarity(transform, points[i]);
      expect(p.x).toBeCloseTo(dlibChipPoint(i).x, 6);
      expect(p.y).toBeCloseTo(dlibChipPoint(i).y, 6);
    }
  });

  it('summarises 68 points as eye centres, nose tip and mouth centre', () => {
    const points = Array.from({ length: 68 }, (_, i) => ({ x: i, y: 2 * i }));
    const l = landmarksFrom68(points, 0.7);
    expect(l.rightEye).toEqual({ x: 38.5, y: 77 });
    expect(l.leftEye).toEqual({ x: 44.5, y: 89 });
    expect(l.noseTip).toEqual({ x: 30, y: 60 });
    expect(l.mouthCentre).toEqual({ x: 64, y: 128 });
    expect(l.confidence).toBe(0.7);
  });
});

describe('cropBoxFromKeypoints', () => {
  it('frames a square centred between eyes and mouth, 1.9 eye-mouth distances wide', () => {
    const box = cropBoxFromKeypoints({
      rightEye: { x: 90, y: 100 },
      leftEye: { x: 130, y: 100 },
      noseTip: { x: 110, y: 120 },
      mouthCentre: { x: 110, y: 140 },
      rightEar: { x: 70, y: 110 },
      leftEar: { x: 150, y: 110 },
      confidence: 1,
    });
    expect(box).toEqual({ x: 110 - 38, y: 120 - 38, width: 76, height: 76 });
  });
});
