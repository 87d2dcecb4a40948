import { TopK } from './top-k';

describe('TopK', () => {
  it('keeps the k best scores at or above the floor, ties to the lower slot', () => {
    const top = new TopK(3, 0.5);
    [
      [5, 0.7],
      [1, 0.9],
      [9, 0.4],
      [2, 0.7],
      [7, 0.95],
      [3, 0.6],
    ].forEach(([slot, score]) => top.offer(slot, score));

    expect(top.result()).toEqual([
      { slot: 7, score: 0.95 },
      { slot: 1, score: 0.9 },
      { slot: 2, score: 0.7 },
    ]);
    expect(top.floor).toBe(0.7);
  });
});
