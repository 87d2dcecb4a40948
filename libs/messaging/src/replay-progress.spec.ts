import { ReplayProgress } from './replay-progress';

describe('ReplayProgress', () => {
  it('is caught up at once when every partition was empty at start', () => {
    expect(new ReplayProgress([{ topic: 'g', partition: 0, high: '5', low: '5' }]).caughtUp()).toBe(
      true,
    );
  });

  it('is caught up only when every partition reached the end seen at start', () => {
    const progress = new ReplayProgress([
      { topic: 'g', partition: 0, high: '3', low: '0' },
      { topic: 'g', partition: 1, high: '1', low: '0' },
    ]);
    progress.applied('g', 0, '1');
    progress.applied('g', 1, '0');
    expect(progress.caughtUp()).toBe(false);
    expect(progress.describe()).toBe('1 partition(s) still replaying');
    progress.applied('g', 0, '2');
    expect(progress.caughtUp()).toBe(true);
    progress.applied('g', 0, '7');
    expect(progress.caughtUp()).toBe(true);
  });
});
