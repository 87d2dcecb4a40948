import { decodeUltraface } from './ultraface-decoder';
import { VisionErrorCode } from './vision-error';

describe('decodeUltraface', () => {
  const priors = new Float32Array([0.5, 0.5, 0.25, 0.5, 0.1, 0.1, 0.1, 0.1]);

  it('returns the prior itself for zero deltas, in input pixels, above threshold only', () => {
    const scores = new Float32Array([0.1, 0.9, 0.8, 0.2]);
    const boxes = decodeUltraface(scores, new Float32Array(8), priors, 200, 100, 0.5);
    expect(boxes).toHaveLength(1);
    expect(boxes[0].score).toBeCloseTo(0.9);
    expect(boxes[0].box.x).toBeCloseTo(75);
    expect(boxes[0].box.y).toBeCloseTo(25);
    expect(boxes[0].box.width).toBeCloseTo(50);
    expect(boxes[0].box.height).toBeCloseTo(50);
  });

  it('applies the 0.1 centre and 0.2 size variances', () => {
    const deltas = new Float32Array([1, 0, Math.log(2) / 0.2, 0, 0, 0, 0, 0]);
    const [b] = decodeUltraface(new Float32Array([0, 1, 1, 0]), deltas, priors, 200, 100, 0.5);
    // centre moves by 0.1 * prior width (0.25) = 0.025 -> 5 px; width doubles.
    expect(b.box.x + b.box.width / 2).toBeCloseTo(105);
    expect(b.box.width).toBeCloseTo(100);
  });

  it('refuses outputs whose anchor count does not match the priors', () => {
    expect(() =>
      decodeUltraface(new Float32Array(6), new Float32Array(12), priors, 10, 10, 0.5),
    ).toThrow(
      expect.objectContaining({ code: VisionErrorCode.MODEL_OUTPUT_MISMATCH }) as unknown as Error,
    );
  });
});
