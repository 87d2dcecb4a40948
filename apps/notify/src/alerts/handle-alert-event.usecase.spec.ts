import { alertEscalated, newEnvelope } from '@sightline/contracts';
import { confirmedReviewEvent, raisedAlertEvent } from './alert.fixture';
import { HandleAlertEventUseCase } from './handle-alert-event.usecase';
import type { NotifyAlertConfirmedUseCase } from './notify-alert-confirmed.usecase';
import type { RecordRaisedAlertUseCase } from './record-raised-alert.usecase';

const origin = { topic: 'alerts.v1', partition: 0, offset: '1' };

function setUp() {
  const recordRaised = { execute: jest.fn(async () => true) };
  const notifyConfirmed = { execute: jest.fn(async () => []) };
  const useCase = new HandleAlertEventUseCase(
    recordRaised as unknown as RecordRaisedAlertUseCase,
    notifyConfirmed as unknown as NotifyAlertConfirmedUseCase,
  );
  return { useCase, recordRaised, notifyConfirmed };
}

describe('HandleAlertEventUseCase', () => {
  it('sends a raised alert to no action channel, only to the reviewers stream', async () => {
    const { useCase, recordRaised, notifyConfirmed } = setUp();
    await expect(useCase.execute(raisedAlertEvent(), origin)).resolves.toBe('recorded');
    expect(recordRaised.execute).toHaveBeenCalledTimes(1);
    expect(notifyConfirmed.execute).not.toHaveBeenCalled();
  });

  it.each(['pending_review', 'dismissed', 'escalated'] as const)(
    'notifies no one of a review that leaves the alert %s',
    async (status) => {
      const { useCase, notifyConfirmed } = setUp();
      const event = confirmedReviewEvent(undefined, status);
      await expect(useCase.execute(event, origin)).resolves.toBe('ignored');
      expect(notifyConfirmed.execute).not.toHaveBeenCalled();
    },
  );

  it('notifies the action channels once the review confirms the alert', async () => {
    const { useCase, notifyConfirmed } = setUp();
    await expect(useCase.execute(confirmedReviewEvent(), origin)).resolves.toBe('notified');
    expect(notifyConfirmed.execute).toHaveBeenCalledTimes(1);
  });

  it('leaves escalations to the review queue', async () => {
    const { useCase } = setUp();
    const escalated = newEnvelope(
      alertEscalated,
      {
        alertId: 'al-1',
        cameraId: 'cam-1',
        escalatedAt: '2026-01-01T10:20:00.000Z',
        pendingForMs: 1,
      },
      { source: 'policy' },
    );
    await expect(useCase.execute(escalated, origin)).resolves.toBe('ignored');
  });
});
