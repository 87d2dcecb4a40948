import { blazefaceAnchors } from './blazeface-anchors';

describe('blazefaceAnchors', () => {
  it('lays out 512 anchors on 16x16 then 384 on 8x8', () => {
    const a = blazefaceAnchors();
    expect(a.length / 2).toBe(896);
    expect([a[0], a[1], a[2], a[3]]).toEqual([1 / 32, 1 / 32, 1 / 32, 1 / 32]);
    expect([a[1022], a[1023]]).toEqual([31 / 32, 31 / 32]);
    expect([a[1024], a[1025]]).toEqual([1 / 16, 1 / 16]);
    expect([a[1790], a[1791]]).toEqual([15 / 16, 15 / 16]);
  });
});
