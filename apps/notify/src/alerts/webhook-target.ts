import { createHash } from 'node:crypto';

/**
 * The URL as it may appear in events, logs and dead-letter headers: no query string and no
 * credentials, both of which often carry tokens.
 */
export function displayTargetOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** Short, stable and secret-free: the full URL is hashed, so two URLs differing by token differ here. */
export function targetHashOf(url: string): string {
  return createHash('sha256').update(url, 'utf8').digest('hex').slice(0, 16);
}

/**
 * `<alertId>:<target hash>`: the same for every attempt and every redelivery of one alert to one
 * endpoint, so the receiver can deduplicate and our delivery record has a natural key.
 */
export function idempotencyKeyOf(alertId: string, url: string): string {
  return `${alertId}:${targetHashOf(url)}`;
}
