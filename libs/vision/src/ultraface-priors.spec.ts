import { ultrafacePriors } from './ultraface-priors';

describe('ultrafacePriors', () => {
  it('gives the 4420 anchors of the 320x240 export and the counts the edited graph emits', () => {
    expect(ultrafacePriors(320, 240).length / 4).toBe(4420);
    // Counts ORT reported for the edited graph at these sizes.
    expect(ultrafacePriors(640, 480).length / 4).toBe(17640);
    expect(ultrafacePriors(1280, 720).length / 4).toBe(52960);
    expect(ultrafacePriors(250, 250).length / 4).toBe(3760);
  });

  it('starts with the smallest priors at the top-left cell, in min-size order', () => {
    const p = ultrafacePriors(320, 240);
    expect(Array.from(p.subarray(0, 12))).toEqual(
      [
        0.0125,
        1 / 60,
        10 / 320,
        10 / 240,
        0.0125,
        1 / 60,
        16 / 320,
        16 / 240,
        0.0125,
        1 / 60,
        24 / 320,
        24 / 240,
      ].map(Math.fround),
    );
  });
});
