import { ErrorCode, type EventEnvelope } from '@sightline/contracts';
import type { EventPublisher } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import type { Clock } from '@sightline/service-kit';
import { raisedAlertEvent } from './alert.fixture';
import type { Delivery } from './delivery.entity';
import type { DeliveryRepository } from './delivery.repository';
import { DeliverToWebhookUseCase } from './deliver-to-webhook.usecase';
import type { Jitter } from './jitter';
import { NotifyMetrics } from './notify-metrics';
import type { Sleeper } from './sleeper';
import {
  WebhookTransportError,
  type WebhookHttpClient,
  type WebhookResponse,
} from './webhook-http-client';
import type { WebhookPolicy } from './webhook-policy';
import { verifyWebhookSignature } from './webhook-signature';
import { idempotencyKeyOf } from './webhook-target';

const SECRET = 'sightline-test-secret-0123456789';
const URL_A = 'https://hooks.example.com/a?token=t';
const policy: WebhookPolicy = {
  urls: [URL_A],
  secret: SECRET,
  maxAttempts: 4,
  timeoutMs: 1_000,
  initialBackoffMs: 200,
  maxBackoffMs: 1_000,
  maxRetryAfterMs: 3_000,
  budgetMs: 25_000,
};

type Answer = WebhookResponse | Error;
interface SentRequest {
  url: string;
  body: string;
  headers: Readonly<Record<string, string>>;
}

/** Fake time that only moves when the use case sleeps. */
function harness(answers: Answer[], overrides: Partial<WebhookPolicy> = {}) {
  let nowMs = Date.parse('2026-01-01T10:00:00Z');
  const clock = { now: () => new Date(nowMs) } as Clock;
  const sleeps: number[] = [];
  const sleeper = {
    sleep: jest.fn(async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
    }),
  } as unknown as Sleeper;
  const jitter = { next: () => 0 } as Jitter;
  const sent: SentRequest[] = [];
  const http = {
    post: jest.fn(async (url: string, body: string, headers: Record<string, string>) => {
      sent.push({ url, body, headers });
      const answer = answers.shift();
      if (!answer) throw new Error('no more answers scripted');
      if (answer instanceof Error) throw answer;
      return answer;
    }),
  } as unknown as WebhookHttpClient;
  const rows = new Map<string, Delivery>();
  const deliveries = {
    findById: jest.fn(async (id: string) => rows.get(id) ?? null),
    record: jest.fn(async (delivery: Delivery) => {
      rows.set(delivery.id, delivery);
    }),
  } as unknown as DeliveryRepository;
  const published: EventEnvelope[] = [];
  const publisher = {
    publish: jest.fn(async (_topic: unknown, envelopes: EventEnvelope[]) => {
      published.push(...envelopes);
    }),
  } as unknown as EventPublisher;
  const metrics = new NotifyMetrics(new ServiceMetrics('notify-test'));
  const useCase = new DeliverToWebhookUseCase(
    { ...policy, ...overrides },
    http,
    deliveries,
    publisher,
    metrics,
    clock,
    sleeper,
    jitter,
  );
  const attempts = () =>
    published.map((envelope) => {
      const { attempt, outcome } = envelope.payload as { attempt: number; outcome: string };
      return [attempt, outcome];
    });
  return { useCase, sent, sleeps, rows, published, attempts, metrics };
}

const ok: WebhookResponse = { status: 200, retryAfter: null };
const unavailable: WebhookResponse = { status: 503, retryAfter: null };

describe('DeliverToWebhookUseCase', () => {
  it('retries a 503 and delivers on attempt 2 with the same key, a fresh signature and the attempt number', async () => {
    const { useCase, sent, sleeps, attempts, rows, published } = harness([unavailable, ok]);
    const event = raisedAlertEvent();
    const result = await useCase.execute(event.payload, event.correlationId, URL_A);

    const key = idempotencyKeyOf(event.payload.alertId, URL_A);
    expect(result).toEqual({
      outcome: 'delivered',
      target: 'https://hooks.example.com/a',
      idempotencyKey: key,
    });
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => request.headers['x-sightline-delivery-attempt'])).toEqual([
      '1',
      '2',
    ]);
    expect(new Set(sent.map((request) => request.headers['x-sightline-idempotency-key']))).toEqual(
      new Set([key]),
    );
    for (const request of sent) {
      expect(request.url).toBe(URL_A);
      expect(request.headers['content-type']).toBe('application/json');
      const signature = request.headers['x-sightline-signature'] ?? '';
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifyWebhookSignature(SECRET, request.body, signature, 1_767_261_600)).toBe(true);
    }
    expect(sleeps).toEqual([100]);
    expect(attempts()).toEqual([
      [1, 'failed'],
      [2, 'delivered'],
    ]);
    expect(published[0]?.payload).toMatchObject({
      channel: 'webhook',
      target: 'https://hooks.example.com/a',
      idempotencyKey: key,
    });
    expect(rows.get(key)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('gives up at once on a 400: one request, dead-lettered as INVALID_ARGUMENT', async () => {
    const { useCase, sent, sleeps, attempts } = harness([{ status: 400, retryAfter: null }, ok]);
    const result = await useCase.execute(raisedAlertEvent().payload, 'corr', URL_A);
    expect(sent).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(attempts()).toEqual([[1, 'dead-lettered']]);
    expect(result).toMatchObject({
      outcome: 'dead-lettered',
      attempts: 1,
      code: ErrorCode.InvalidArgument,
    });
  });

  it('retries 408 and 429 (honouring Retry-After) like a 5xx', async () => {
    const { useCase, sleeps, attempts } = harness([
      { status: 429, retryAfter: '2' },
      { status: 408, retryAfter: null },
      ok,
    ]);
    await useCase.execute(raisedAlertEvent().payload, 'corr', URL_A);
    expect(sleeps).toEqual([2_000, 200]);
    expect(attempts().map(([, outcome]) => outcome)).toEqual(['failed', 'failed', 'delivered']);
  });

  it('retries timeouts and network errors up to maxAttempts, then dead-letters', async () => {
    const timeout = new WebhookTransportError('no response within 1000 ms', true);
    const refused = new WebhookTransportError('fetch failed: connect ECONNREFUSED', false);
    const { useCase, sent, sleeps, attempts, rows } = harness([timeout, refused, timeout, timeout]);
    const event = raisedAlertEvent();
    const result = await useCase.execute(event.payload, event.correlationId, URL_A);
    expect(sent).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
    expect(attempts()).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
      [4, 'dead-lettered'],
    ]);
    expect(result).toMatchObject({
      outcome: 'dead-lettered',
      attempts: 4,
      code: ErrorCode.DependencyUnavailable,
    });
    expect(rows.get(idempotencyKeyOf(event.payload.alertId, URL_A))).toMatchObject({
      status: 'dead-lettered',
      attempts: 4,
      lastError: 'no response within 1000 ms',
    });
  });

  it('stops retrying when the next wait would overrun the time budget', async () => {
    const { useCase, sent } = harness([unavailable, unavailable, unavailable, unavailable], {
      timeoutMs: 1_000,
      budgetMs: 1_250,
    });
    // 100 ms wait + 1 s attempt fits; after 100 ms spent, a 200 ms wait + 1 s attempt does not.
    const result = await useCase.execute(raisedAlertEvent().payload, 'corr', URL_A);
    expect(sent).toHaveLength(2);
    expect(result).toMatchObject({ outcome: 'dead-lettered', attempts: 2 });
  });

  it('does not send a redelivered alert to an endpoint that already has it', async () => {
    const { useCase, sent, published } = harness([ok]);
    const event = raisedAlertEvent();
    await useCase.execute(event.payload, event.correlationId, URL_A);
    const again = await useCase.execute(event.payload, event.correlationId, URL_A);
    expect(again.outcome).toBe('already-delivered');
    expect(sent).toHaveLength(1);
    expect(published).toHaveLength(1);
  });

  it('continues the attempt count of an interrupted delivery', async () => {
    const { useCase, sent, rows, attempts } = harness([ok]);
    const event = raisedAlertEvent();
    const key = idempotencyKeyOf(event.payload.alertId, URL_A);
    rows.set(key, {
      id: key,
      alertId: event.payload.alertId,
      channel: 'webhook',
      target: 'https://hooks.example.com/a',
      status: 'retrying',
      attempts: 2,
      updatedAt: new Date(),
    });
    await useCase.execute(event.payload, event.correlationId, URL_A);
    expect(sent[0]?.headers['x-sightline-delivery-attempt']).toBe('3');
    expect(attempts()).toEqual([[3, 'delivered']]);
  });

  it('counts every attempt by outcome', async () => {
    const { useCase, metrics } = harness([unavailable, ok]);
    await useCase.execute(raisedAlertEvent().payload, 'corr', URL_A);
    const counted = await metrics.deliveries.get();
    expect(
      Object.fromEntries(counted.values.map((value) => [value.labels.outcome, value.value])),
    ).toEqual({ failed: 1, delivered: 1 });
  });
});
