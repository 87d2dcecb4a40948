import { nonMaxSuppression } from './non-max-suppression';
import { intersectionOverUnion } from './rgb-image';

describe('nonMaxSuppression', () => {
  it('keeps the best of overlapping boxes and every separate one', () => {
    const kept = nonMaxSuppression(
      [
        { score: 0.8, box: { x: 2, y: 0, width: 10, height: 10 } },
        { score: 0.95, box: { x: 0, y: 0, width: 10, height: 10 } },
        { score: 0.7, box: { x: 50, y: 50, width: 10, height: 10 } },
      ],
      0.3,
    );
    expect(kept.map((k) => k.score)).toEqual([0.95, 0.7]);
  });

  it('computes IoU', () => {
    expect(
      intersectionOverUnion(
        { x: 0, y: 0, width: 10, height: 10 },
        { x: 5, y: 0, width: 10, height: 10 },
      ),
    ).toBeCloseTo(50 / 150);
    expect(
      intersectionOverUnion(
        { x: 0, y: 0, width: 1, height: 1 },
        { x: 5, y: 5, width: 1, height: 1 },
      ),
    ).toBe(0);
  });
});
