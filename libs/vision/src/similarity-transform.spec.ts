import {
  applySimilarity,
  estimateSimilarity,
  invertSimilarity,
  similarityScale,
} from './similarity-transform';
import { VisionErrorCode } from './vision-error';

describe('estimateSimilarity', () => {
  const truth = { a: 2 * Math.cos(0.3), b: 2 * Math.sin(0.3), tx: 10, ty: -5 };
  const from = [
    { x: 0, y: 0 },
    { x: 10, y: 0 },
    { x: 3, y: 7 },
    { x: -4, y: 9 },
  ];

  it('recovers a known rotation, scale and translation exactly', () => {
    const t = estimateSimilarity(
      from,
      from.map((p) => applySimilarity(truth, p)),
    );
    expect(t.a).toBeCloseTo(truth.a, 10);
    expect(t.b).toBeCloseTo(truth.b, 10);
    expect(t.tx).toBeCloseTo(truth.tx, 10);
    expect(t.ty).toBeCloseTo(truth.ty, 10);
    expect(similarityScale(t)).toBeCloseTo(2, 10);
  });

  it('lets a zero-weight outlier not move the fit', () => {
    const to = from.map((p) => applySimilarity(truth, p));
    const t = estimateSimilarity(
      [...from, { x: 50, y: 50 }],
      [...to, { x: -300, y: 7 }],
      [1, 1, 1, 1, 0],
    );
    expect(t.a).toBeCloseTo(truth.a, 10);
    expect(t.tx).toBeCloseTo(truth.tx, 10);
    expect(
      estimateSimilarity([...from, { x: 50, y: 50 }], [...to, { x: -300, y: 7 }]).a,
    ).not.toBeCloseTo(truth.a, 2);
  });

  it('inverts', () => {
    const p = applySimilarity(invertSimilarity(truth), applySimilarity(truth, { x: 3, y: 4 }));
    expect(p.x).toBeCloseTo(3, 10);
    expect(p.y).toBeCloseTo(4, 10);
  });

  it('rejects degenerate landmarks', () => {
    const same = [
      { x: 1, y: 1 },
      { x: 1, y: 1 },
    ];
    expect(() => estimateSimilarity(same, from.slice(0, 2))).toThrow(
      expect.objectContaining({ code: VisionErrorCode.INVALID_LANDMARKS }) as unknown as Error,
    );
    expect(() =>
      estimateSimilarity(
        [
          { x: NaN, y: 0 },
          { x: 1, y: 1 },
        ],
        from.slice(0, 2),
      ),
    ).toThrow();
  });
});
