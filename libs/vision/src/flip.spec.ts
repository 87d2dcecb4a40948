import { flipHorizontal } from './flip';

describe('flipHorizontal', () => {
  it('mirrors each row and is its own inverse', () => {
    const img = { width: 3, height: 1, data: new Uint8Array([1, 1, 1, 2, 2, 2, 3, 3, 3]) };
    expect(Array.from(flipHorizontal(img).data)).toEqual([3, 3, 3, 2, 2, 2, 1, 1, 1]);
    expect(flipHorizontal(flipHorizontal(img)).data).toEqual(img.data);
  });
});
