import { addBorder, centralFace } from './face-pick';

describe('centralFace', () => {
  const image = { width: 200, height: 200, data: new Uint8Array(200 * 200 * 3) };

  it('picks the face nearest the centre, not the highest-scoring one', () => {
    const faces = [
      { score: 0.99, box: { x: 0, y: 0, width: 60, height: 60 } },
      { score: 0.8, box: { x: 70, y: 75, width: 60, height: 60 } },
    ];
    expect(centralFace(image, faces)?.score).toBe(0.8);
    expect(centralFace(image, [])).toBeUndefined();
  });

  it('adds a grey border around the pixels', () => {
    const src = { width: 2, height: 1, data: new Uint8Array([1, 2, 3, 4, 5, 6]) };
    const out = addBorder(src, 1);
    expect([out.width, out.height]).toEqual([4, 3]);
    expect(Array.from(out.data.subarray(15, 21))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.data[0]).toBe(128);
  });
});
