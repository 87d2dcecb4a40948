import { evaluateVerification, parseLfwPairs, type LfwPair } from './verification-metrics';

describe('parseLfwPairs', () => {
  it('reads the header, same-person and different-person lines with 4-digit image numbers', () => {
    const pairs = parseLfwPairs(
      '2\t1\nAbel_Pacheco\t1\t4\nAbdel_Madi_Shabneh\t1\tDean_Barker\t1\nA\t1\t2\nB\t3\tC\t12\n',
    );
    expect(pairs).toHaveLength(4);
    expect(pairs[0]).toEqual({
      fold: 0,
      same: true,
      a: 'images_deepfunneled/Abel_Pacheco/Abel_Pacheco_0001.jpg',
      b: 'images_deepfunneled/Abel_Pacheco/Abel_Pacheco_0004.jpg',
    });
    expect(pairs[1].same).toBe(false);
    expect(pairs[3]).toMatchObject({ fold: 1, b: 'images_deepfunneled/C/C_0012.jpg' });
  });
});

describe('evaluateVerification', () => {
  const pairs: LfwPair[] = [];
  const scores: number[] = [];
  for (let fold = 0; fold < 10; fold++) {
    for (let i = 0; i < 50; i++) {
      pairs.push({ fold, same: true, a: 'a', b: 'b' });
      scores.push(0.8 + i / 500);
      pairs.push({ fold, same: false, a: 'a', b: 'c' });
      scores.push(0.2 + i / 500);
    }
  }

  it('is perfect on separable scores, with a threshold between the classes', () => {
    const r = evaluateVerification(pairs, scores);
    expect(r.accuracy).toBe(1);
    expect(r.threshold).toBeGreaterThan(0.3);
    expect(r.threshold).toBeLessThan(0.8);
    expect(r.tarAtFar1e3).toBe(1);
  });

  it('counts errors: one impostor above every genuine pair costs TAR and accuracy', () => {
    const noisy = [...scores];
    noisy[1] = 0.99;
    const r = evaluateVerification(pairs, noisy);
    expect(r.accuracy).toBeCloseTo(1 - 1 / 1000, 5);
    expect(r.accuracy).toBeLessThan(1);
    // 500 impostors: FAR 1e-3 allows none, so the threshold sits above 0.99 and accepts nothing.
    expect(r.tarAtFar1e3).toBe(0);
  });
});
