import { DLIB_CHIP_TEMPLATE, DLIB_MEAN_FACE_TEMPLATE } from './chip-template';

describe('chip templates', () => {
  it('maps dlib mean-face coordinates with 25% padding onto the 150 px chip', () => {
    // (0.25 + m) / 1.5 * 150 = 100 m + 25
    expect(DLIB_MEAN_FACE_TEMPLATE.noseTip.x).toBeCloseTo(74.0127, 3);
    expect(DLIB_MEAN_FACE_TEMPLATE.noseTip.y).toBeCloseTo(76.5625, 3);
  });

  it('keeps the calibrated template upright, symmetric within 2 px and near the mean face', () => {
    const t = DLIB_CHIP_TEMPLATE;
    expect(Math.abs(t.rightEye.y - t.leftEye.y)).toBeLessThan(2);
    const centre = (t.rightEye.x + t.leftEye.x) / 2;
    expect(Math.abs(centre - 75)).toBeLessThan(2);
    expect(Math.abs(t.mouthCentre.x - centre)).toBeLessThan(2);
    for (const key of ['rightEye', 'leftEye', 'noseTip', 'mouthCentre'] as const) {
      expect(
        Math.hypot(
          t[key].x - DLIB_MEAN_FACE_TEMPLATE[key].x,
          t[key].y - DLIB_MEAN_FACE_TEMPLATE[key].y,
        ),
      ).toBeLessThan(4);
    }
  });
});
