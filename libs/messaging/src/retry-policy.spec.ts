import { ErrorCode } from '@sightline/contracts';
import { failureDecisionFor } from './failure-decision';
import { nextStepAfterFailure } from './retry-policy';

const config = { maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 250 };

describe('retry policy', () => {
  it.each(Object.values(ErrorCode))('has a decision for %s', (code) => {
    expect(['retry', 'dead-letter']).toContain(failureDecisionFor(code));
  });

  it('dead-letters bad input on the first failure', () => {
    for (const code of [
      ErrorCode.InvalidPayload,
      ErrorCode.MalformedEnvelope,
      ErrorCode.PolicyRefused,
    ]) {
      expect(nextStepAfterFailure(code, 1, config)).toEqual({ action: 'dead-letter' });
    }
  });

  it('retries transient failures with capped exponential backoff, then gives up', () => {
    const steps = [1, 2, 3, 4].map((attempt) =>
      nextStepAfterFailure(ErrorCode.DependencyUnavailable, attempt, config),
    );
    expect(steps).toEqual([
      { action: 'retry', delayMs: 100 },
      { action: 'retry', delayMs: 200 },
      { action: 'retry', delayMs: 250 },
      { action: 'dead-letter' },
    ]);
  });
});
