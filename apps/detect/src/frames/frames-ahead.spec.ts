import { FramesAhead } from './frames-ahead';

describe('FramesAhead', () => {
  it('hands each frame’s work over once', async () => {
    const ahead = new FramesAhead<number>(2);
    ahead.put('f1', Promise.resolve(1));
    await expect(ahead.take('f1')).resolves.toBe(1);
    expect(ahead.take('f1')).toBeUndefined();
    expect(ahead.take('f2')).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the oldest', () => {
    const ahead = new FramesAhead<number>(2);
    for (const n of [1, 2, 3]) ahead.put(`f${n}`, Promise.resolve(n));
    expect(ahead.size).toBe(2);
    expect(ahead.take('f1')).toBeUndefined();
    expect(ahead.take('f3')).toBeDefined();
  });

  it('holds a failed piece of work without an unhandled rejection, and gives its error back', async () => {
    const ahead = new FramesAhead<number>(1);
    ahead.put('f1', Promise.reject(new Error('corrupt')));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(ahead.take('f1')).rejects.toThrow('corrupt');
  });
});
