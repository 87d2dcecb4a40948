import type { WebhookPolicy } from './webhook-policy';

type BackoffPolicy = Pick<WebhookPolicy, 'initialBackoffMs' | 'maxBackoffMs' | 'maxRetryAfterMs'>;

/**
 * The wait after failed attempt `attempt` (from 1): capped exponential backoff with "equal
 * jitter" (half fixed, half random, so endpoints recovering together are not hit in lockstep yet
 * the wait never collapses to zero). A Retry-After the receiver sent wins when it is longer, up to
 * maxRetryAfterMs. `jitter` is in [0, 1).
 */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  jitter: number,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.initialBackoffMs * 2 ** (attempt - 1), policy.maxBackoffMs);
  const jittered = Math.round(exponential / 2 + (exponential / 2) * jitter);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
