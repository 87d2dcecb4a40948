import { reconnectDelayMs } from './reconnect-backoff';

describe('reconnectDelayMs', () => {
  it('doubles from the initial wait and stops at the cap', () => {
    const schedule = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => reconnectDelayMs(n, 500, 30_000));
    expect(schedule).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('stays finite and capped after very many attempts', () => {
    expect(reconnectDelayMs(10_000, 500, 30_000)).toBe(30_000);
    expect(reconnectDelayMs(0, 500, 30_000)).toBe(0);
  });
});
