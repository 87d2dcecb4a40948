import { CODE_BYTES } from './hamming-codes';
import { nearDuplicate, seededRandom, unitVector } from './gallery-events.fixture';
import { SignCoder } from './sign-coder';

function codeOf(coder: SignCoder, vector: readonly number[]): Uint8Array {
  const code = new Uint8Array(CODE_BYTES);
  coder.encode(Float32Array.from(vector), code);
  return code;
}

function differingBits(a: Uint8Array, b: Uint8Array): number {
  let bits = 0;
  for (let i = 0; i < a.length; i += 1) {
    for (let x = a[i] ^ b[i]; x !== 0; x >>= 1) bits += x & 1;
  }
  return bits;
}

function angle(a: readonly number[], b: readonly number[]): number {
  return Math.acos(
    Math.min(
      1,
      a.reduce((sum, value, i) => sum + value * b[i], 0),
    ),
  );
}

describe('SignCoder', () => {
  const random = seededRandom(11);

  it('is deterministic, so a rebuild encodes every template exactly as before', () => {
    const vector = unitVector(random);
    expect(codeOf(new SignCoder(128), vector)).toEqual(codeOf(new SignCoder(128), vector));
  });

  it('flips each bit with probability angle / pi, as SimHash promises', () => {
    const coder = new SignCoder(128);
    let observed = 0;
    let expected = 0;
    for (let i = 0; i < 400; i += 1) {
      const a = unitVector(random);
      const b = nearDuplicate(a, random, 0.02 + (i % 10) * 0.02);
      observed += differingBits(codeOf(coder, a), codeOf(coder, b));
      expected += (128 * angle(a, b)) / Math.PI;
    }
    expect(observed / expected).toBeGreaterThan(0.93);
    expect(observed / expected).toBeLessThan(1.07);
  });

  it('codes templates longer than 128 values (512-d embedders) from their rotated prefix', () => {
    const coder = new SignCoder(512);
    const a = unitVector(random, 512);
    const far = unitVector(random, 512);
    const near = nearDuplicate(a, random, 0.01);
    expect(differingBits(codeOf(coder, a), codeOf(coder, near))).toBeLessThan(20);
    expect(differingBits(codeOf(coder, a), codeOf(coder, far))).toBeGreaterThan(40);
  });
});
