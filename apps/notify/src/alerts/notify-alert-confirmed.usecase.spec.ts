import { ErrorCode } from '@sightline/contracts';
import type { AlertBroadcaster } from './alert-broadcaster';
import type { AlertDeadLetters, UndeliveredTarget } from './alert-dead-letters';
import { confirmedReviewEvent, raisedAlertEvent } from './alert.fixture';
import type { DeliverToWebhookUseCase, WebhookDeliveryResult } from './deliver-to-webhook.usecase';
import { NotifyAlertConfirmedUseCase } from './notify-alert-confirmed.usecase';
import type { SeenAlertRepository } from './seen-alert.repository';
import type { WebhookPolicy } from './webhook-policy';

const origin = { topic: 'alerts.v1', partition: 1, offset: '42' };

function harness(outcomes: Record<string, () => Promise<WebhookDeliveryResult>>) {
  const { alertId, ...fields } = raisedAlertEvent().payload;
  const confirmedOnce = new Set<string>();
  const seenAlerts = {
    findById: jest.fn(async (id: string) =>
      id === alertId ? { id, ...fields, eventId: 'e', seenAt: new Date() } : null,
    ),
    markConfirmed: jest.fn(async (id: string) => {
      if (confirmedOnce.has(id)) return false;
      confirmedOnce.add(id);
      return true;
    }),
  } as unknown as SeenAlertRepository;
  const broadcast: { alertId: string; status: string }[] = [];
  const broadcaster = {
    publish: (alert: { alertId: string; status: string }) => broadcast.push(alert),
  } as unknown as AlertBroadcaster;
  const sent: { status: string }[] = [];
  const deliver = {
    execute: jest.fn((alert: { status: string }, _correlationId: string, url: string) => {
      sent.push(alert);
      return outcomes[url]?.();
    }),
  } as unknown as DeliverToWebhookUseCase;
  const letters: UndeliveredTarget[][] = [];
  const deadLetters = {
    write: jest.fn(async (_event: unknown, _origin: unknown, undelivered: UndeliveredTarget[]) => {
      letters.push(undelivered);
    }),
  } as unknown as AlertDeadLetters;
  const policy = { urls: Object.keys(outcomes) } as Partial<WebhookPolicy> as WebhookPolicy;
  const useCase = new NotifyAlertConfirmedUseCase(
    policy,
    seenAlerts,
    broadcaster,
    deliver,
    deadLetters,
  );
  return { useCase, broadcast, letters, sent };
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

describe('NotifyAlertConfirmedUseCase', () => {
  it('delivers to every endpoint and dead-letters only the one that failed, without throwing', async () => {
    const { useCase, letters } = harness({
      'http://good/': delivered('http://good/'),
      'http://bad/': deadLettered('http://bad/'),
    });
    const results = await useCase.execute(confirmedReviewEvent(), origin);
    expect(results.map((result: WebhookDeliveryResult) => result.outcome).sort()).toEqual([
      'dead-lettered',
      'delivered',
    ]);
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

  it('streams (once) and delivers the alert with its confirmed status', async () => {
    const { useCase, broadcast, sent } = harness({ 'http://good/': delivered('http://good/') });
    const confirmation = confirmedReviewEvent();
    await useCase.execute(confirmation, origin);
    await useCase.execute(confirmation, origin);
    expect(broadcast).toEqual([
      expect.objectContaining({ alertId: '01J0ALERT0000000000000000A', status: 'confirmed' }),
    ]);
    // Both reach the webhook use case, whose delivery records skip the repeat.
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ status: 'confirmed', subjectId: 'subject-7' });
  });

  it('dead-letters (INVALID_PAYLOAD) a confirmation of an alert it never saw raised', async () => {
    const { useCase, sent } = harness({ 'http://good/': delivered('http://good/') });
    await expect(useCase.execute(confirmedReviewEvent('al-unknown'), origin)).rejects.toMatchObject(
      {
        code: 'INVALID_PAYLOAD',
      },
    );
    expect(sent).toHaveLength(0);
  });

  it('rethrows its own failure after every endpoint settled and dead letters were written', async () => {
    const { useCase, letters } = harness({
      'http://bad/': deadLettered('http://bad/'),
      'http://db-down/': () => Promise.reject(new Error('mongo unreachable')),
    });
    await expect(useCase.execute(confirmedReviewEvent(), origin)).rejects.toThrow(
      'mongo unreachable',
    );
    expect(letters[0]?.map((letter) => letter.target)).toEqual(['http://bad/']);
  });
});
