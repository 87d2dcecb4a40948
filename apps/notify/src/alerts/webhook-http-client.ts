import { Injectable } from '@nestjs/common';

/** What came back from the endpoint; the body is read (so the connection is reused) but not kept. */
export interface WebhookResponse {
  readonly status: number;
  readonly retryAfter: string | null;
}

/** No answer at all: refused, reset, DNS, TLS, or no response within the timeout. */
export class WebhookTransportError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WebhookTransportError';
  }
}

/** The only place notify speaks HTTP; unit tests replace it. */
@Injectable()
export class WebhookHttpClient {
  async post(
    url: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<WebhookResponse> {
    const { target, authorization } = splitCredentials(url);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      const response = await fetch(target, {
        method: 'POST',
        body,
        headers: authorization ? { ...headers, authorization } : headers,
        signal: abort.signal,
        // A webhook that redirects is misconfigured; following it would re-send the alert elsewhere.
        redirect: 'manual',
      });
      // Within the same timeout: a server that sends headers and then stalls is no better.
      await response.arrayBuffer();
      return { status: response.status, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      if (abort.signal.aborted) {
        throw new WebhookTransportError(`no response within ${timeoutMs} ms`, true, {
          cause: error,
        });
      }
      throw new WebhookTransportError(describe(error), false, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** fetch refuses URLs with user:password, so they become a Basic authorization header. */
function splitCredentials(url: string): { target: string; authorization?: string } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { target: url };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return {
    target: parsed.toString(),
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}

/** undici hides the useful part ("ECONNREFUSED") in the cause. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
