import { parseRetryAfterMs, retryDelayMs } from './retry-delay';
import { displayTargetOf, idempotencyKeyOf } from './webhook-target';

const policy = { initialBackoffMs: 250, maxBackoffMs: 5_000, maxRetryAfterMs: 10_000 };

describe('retryDelayMs', () => {
  it('doubles per attempt up to the cap, jitter spanning the upper half of each step', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, policy, 0))).toEqual([
      125, 250, 500, 1_000, 2_000, 2_500, 2_500,
    ]);
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, policy, 0.999999))).toEqual(
      [250, 500, 1_000, 2_000, 4_000, 5_000, 5_000],
    );
  });

  it('waits at least what Retry-After asks, but no longer than the cap', () => {
    expect(retryDelayMs(1, policy, 0, 3_000)).toBe(3_000);
    expect(retryDelayMs(1, policy, 0, 60_000)).toBe(10_000);
    expect(retryDelayMs(5, policy, 0.999999, 100)).toBe(4_000);
  });
});

describe('parseRetryAfterMs', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('reads delay-seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7_000);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });
});

describe('webhook target', () => {
  it('shows no credentials or query, and keys by the full URL', () => {
    const url = 'https://user:pw@hooks.example.com/in/alerts?token=abc';
    expect(displayTargetOf(url)).toBe('https://hooks.example.com/in/alerts');
    expect(idempotencyKeyOf('a1', url)).toMatch(/^a1:[0-9a-f]{16}$/);
    expect(idempotencyKeyOf('a1', url)).toBe(idempotencyKeyOf('a1', url));
    expect(idempotencyKeyOf('a1', url)).not.toBe(idempotencyKeyOf('a1', `${url}x`));
  });
});
