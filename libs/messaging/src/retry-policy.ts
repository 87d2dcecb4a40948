import type { RetryConfig } from '@sightline/config';
import type { ErrorCode } from '@sightline/contracts';
import { failureDecisionFor } from './failure-decision';

export type NextStep =
  { readonly action: 'retry'; readonly delayMs: number } | { readonly action: 'dead-letter' };

/**
 * A bounded retry budget with capped exponential backoff. `attempt` counts from 1; after
 * `maxAttempts` failures even a retryable error is dead-lettered so one message cannot stall a
 * partition forever.
 */
export function nextStepAfterFailure(
  code: ErrorCode,
  attempt: number,
  config: RetryConfig,
): NextStep {
  if (failureDecisionFor(code) === 'dead-letter' || attempt >= config.maxAttempts) {
    return { action: 'dead-letter' };
  }
  const delayMs = Math.min(config.initialBackoffMs * 2 ** (attempt - 1), config.maxBackoffMs);
  return { action: 'retry', delayMs };
}
