import type { SightlineConfig } from '@sightline/config';

export const WEBHOOK_POLICY = Symbol('WEBHOOK_POLICY');

/** How hard notify tries one endpoint before it dead-letters the alert for that endpoint. */
export interface WebhookPolicy {
  readonly urls: readonly string[];
  readonly secret: string;
  readonly maxAttempts: number;
  /** One attempt, connection to last body byte. */
  readonly timeoutMs: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** A Retry-After longer than this is shortened to it: the partition cannot wait for hours. */
  readonly maxRetryAfterMs: number;
  /**
   * Wall time one endpoint may take for one alert, retries included. The consumer does not
   * heartbeat while a handler runs, so this stays under the 30 s session timeout; when the next
   * wait plus attempt would overrun it, the alert is dead-lettered for that endpoint instead.
   */
  readonly budgetMs: number;
}

export function webhookPolicyFrom(config: SightlineConfig): WebhookPolicy {
  return {
    urls: config.webhooks.urls,
    // loadConfig refuses URLs without a secret, so an empty secret means there are no URLs.
    secret: config.webhooks.secret ?? '',
    maxAttempts: config.webhooks.maxAttempts,
    timeoutMs: config.webhooks.timeoutMs,
    initialBackoffMs: 250,
    maxBackoffMs: 5_000,
    maxRetryAfterMs: 10_000,
    budgetMs: 25_000,
  };
}
