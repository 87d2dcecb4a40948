import { BoundedFrameQueue } from './bounded-frame-queue';

describe('BoundedFrameQueue', () => {
  it('drops the oldest item when full and returns it', async () => {
    const queue = new BoundedFrameQueue<number>(3);
    expect([1, 2, 3].map((n) => queue.push(n))).toEqual([undefined, undefined, undefined]);
    expect(queue.isFull).toBe(true);
    expect(queue.push(4)).toBe(1);
    expect(queue.push(5)).toBe(2);
    expect(queue.size).toBe(3);
    expect([await queue.take(), await queue.take(), await queue.take()]).toEqual([3, 4, 5]);
  });

  it('hands an item straight to a waiting taker', async () => {
    const queue = new BoundedFrameQueue<string>(1);
    const taken = queue.take();
    expect(queue.push('a')).toBeUndefined();
    await expect(taken).resolves.toBe('a');
    expect(queue.size).toBe(0);
  });

  it('ends a waiting taker on close and refuses new items', async () => {
    const queue = new BoundedFrameQueue<string>(2);
    const taken = queue.take();
    queue.close();
    await expect(taken).resolves.toBeUndefined();
    expect(queue.push('late')).toBe('late');
    await expect(queue.take()).resolves.toBeUndefined();
  });

  it('refuses a capacity below one', () => {
    expect(() => new BoundedFrameQueue(0)).toThrow('positive integer');
  });
});

describe('BoundedFrameQueue.pushWithoutDrop', () => {
  it('keeps every item beyond capacity, in order', async () => {
    const queue = new BoundedFrameQueue<number>(2);
    [1, 2, 3, 4].forEach((n) => queue.pushWithoutDrop(n));
    expect(queue.size).toBe(4);
    expect([await queue.take(), await queue.take(), await queue.take()]).toEqual([1, 2, 3]);
  });
});
