import { ErrorCode } from '@sightline/contracts';
import type { Clock } from '@sightline/service-kit';
import type { AlertBroadcaster } from './alert-broadcaster';
import type { AlertDeadLetters, UndeliveredTarget } from './alert-dead-letters';
import { raisedAlertEvent } from './alert.fixture';
import type { DeliverToWebhookUseCase, WebhookDeliveryResult } from './deliver-to-webhook.usecase';
import { NotifyAlertRaisedUseCase } from './notify-alert-raised.usecase';
import type { SeenAlertRepository } from './seen-alert.repository';
import type { WebhookPolicy } from './webhook-policy';

const origin = { topic: 'alerts.v1', partition: 1, offset: '42' };

function harness(outcomes: Record<string, () => Promise<WebhookDeliveryResult>>) {
  const seen = new Set<string>();
  const seenAlerts = {
    insertIfAbsent: jest.fn(async (row: { id: string }) => {
      if (seen.has(row.id)) return false;
      seen.add(row.id);
      return true;
    }),
  } as unknown as SeenAlertRepository;
  const broadcast: string[] = [];
  const broadcaster = {
    publish: (alert: { alertId: string }) => broadcast.push(alert.alertId),
  } as unknown as AlertBroadcaster;
  const deliver = {
    execute: jest.fn((_event: unknown, url: string) => outcomes[url]?.()),
  } as unknown as DeliverToWebhookUseCase;
  const letters: UndeliveredTarget[][] = [];
  const deadLetters = {
    write: jest.fn(async (_event: unknown, _origin: unknown, undelivered: UndeliveredTarget[]) => {
      letters.push(undelivered);
    }),
  } as unknown as AlertDeadLetters;
  const policy = { urls: Object.keys(outcomes) } as Partial<WebhookPolicy> as WebhookPolicy;
  const clock = { now: () => new Date('2026-01-01T00:00:00Z') } as Clock;
  const useCase = new NotifyAlertRaisedUseCase(
    policy,
    seenAlerts,
    broadcaster,
    deliver,
    deadLetters,
    clock,
  );
  return { useCase, broadcast, letters };
}

const delivered = (target: string) => async (): Promise<WebhookDeliveryResult> => ({
  outcome: 'delivered',
  target,
  idempotencyKey: `k-${target}`,
});
const deadLettered = (target: string) => async (): Promise<WebhookDeliveryResult> => ({
  outcome: 'dead-lettered',
  target,
  idempotencyKey: `k-${target}`,
  attempts: 3,
  code: ErrorCode.DependencyUnavailable,
  error: 'HTTP 500',
});

describe('NotifyAlertRaisedUseCase', () => {
  it('delivers to every endpoint and dead-letters only the one that failed, without throwing', async () => {
    const { useCase, letters } = harness({
      'http://good/': delivered('http://good/'),
      'http://bad/': deadLettered('http://bad/'),
    });
    const results = await useCase.execute(raisedAlertEvent(), origin);
    expect(results.map((result) => result.outcome).sort()).toEqual(['dead-lettered', 'delivered']);
    expect(letters).toEqual([
      [
        {
          target: 'http://bad/',
          idempotencyKey: 'k-http://bad/',
          attempts: 3,
          code: ErrorCode.DependencyUnavailable,
          error: 'HTTP 500',
        },
      ],
    ]);
  });

  it('streams an alert the first time only', async () => {
    const { useCase, broadcast } = harness({ 'http://good/': delivered('http://good/') });
    const event = raisedAlertEvent();
    await useCase.execute(event, origin);
    await useCase.execute(event, origin);
    expect(broadcast).toEqual([event.payload.alertId]);
  });

  it('rethrows its own failure after every endpoint settled and dead letters were written', async () => {
    const { useCase, letters } = harness({
      'http://bad/': deadLettered('http://bad/'),
      'http://db-down/': () => Promise.reject(new Error('mongo unreachable')),
    });
    await expect(useCase.execute(raisedAlertEvent(), origin)).rejects.toThrow('mongo unreachable');
    expect(letters[0]?.map((letter) => letter.target)).toEqual(['http://bad/']);
  });
});
