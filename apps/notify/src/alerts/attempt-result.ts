import type { WebhookResponse } from './webhook-http-client';

/** How one HTTP attempt ended, from the point of view of whether to try again. */
export type AttemptResult =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'retryable'; readonly error: string; readonly retryAfter: string | null }
  | { readonly kind: 'permanent'; readonly error: string };

/**
 * 2xx is delivered. 5xx, 408 and 429 may pass later; any other status (4xx, or a redirect) means
 * the endpoint refuses this request as it is, and sending it again would only repeat the refusal.
 */
export function classifyResponse(response: WebhookResponse): AttemptResult {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status >= 500 || status === 408 || status === 429) {
    return { kind: 'retryable', error: `HTTP ${status}`, retryAfter: response.retryAfter };
  }
  return { kind: 'permanent', error: `HTTP ${status}` };
}
