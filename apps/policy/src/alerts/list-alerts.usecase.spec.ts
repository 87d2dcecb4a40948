import { ErrorCode } from '@sightline/contracts';
import { decodeAlertPageToken, encodeAlertPageToken } from './alert-page-token';
import { alertToWire, listAlertsCommandFromWire } from './alert-wire';
import type { Alert } from './alert.entity';
import type { AlertCursor, AlertRepository } from './alert.repository';
import { ListAlertsUseCase } from './list-alerts.usecase';

const alert = (id: string, second: number): Alert => ({
  id,
  cameraId: 'cam',
  trackId: id,
  watchlistId: 'wl',
  subjectId: 's',
  score: 0.7,
  status: 'pending_review',
  raisedAt: new Date(Date.UTC(2026, 0, 1, 10, 0, second, 250)),
  faceId: 'f',
  evidenceId: `ev-${id}`,
  photoReference: 'p',
  reviewMode: 'single',
  sightingEventId: 'se',
  raisedEventId: 're',
  correlationId: 'c',
  published: true,
  enrolledBy: 'e',
  lastSeenAt: new Date(Date.UTC(2026, 0, 1, 10, 0, second)),
  mergedTrackIds: [],
  confirmations: [],
  escalatedAt: null,
  decidedAt: null,
  dismissal: null,
  revision: 0,
  outbox: [],
});

describe('ListAlertsUseCase', () => {
  it('passes the cursor of the token on and issues a token only when more rows exist', async () => {
    const findPage = jest.fn(async (_s: unknown, _a: AlertCursor | undefined, limit: number) =>
      [alert('a3', 3), alert('a2', 2), alert('a1', 1)].slice(0, limit),
    );
    const useCase = new ListAlertsUseCase({ findPage } as unknown as AlertRepository);
    const first = await useCase.execute({ status: 'pending_review', pageSize: 2, pageToken: '' });
    expect(first.alerts.map((a) => a.id)).toEqual(['a3', 'a2']);
    expect(decodeAlertPageToken(first.nextPageToken, 'pending_review')).toEqual({
      raisedAt: alert('a2', 2).raisedAt,
      id: 'a2',
    });
    const all = await useCase.execute({ pageSize: 0, pageToken: '' });
    expect(all.nextPageToken).toBe('');
    expect(findPage).toHaveBeenLastCalledWith(undefined, undefined, 101);
    await expect(useCase.execute({ pageSize: 2, pageToken: first.nextPageToken })).rejects.toThrow(
      /different status filter/,
    );
    await expect(useCase.execute({ pageSize: 5000, pageToken: '' })).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
    });
  });

  it('maps alerts and status filters to and from the wire', () => {
    expect(listAlertsCommandFromWire({ status: 1, pageSize: 5, pageToken: 'x' })).toEqual({
      status: 'pending_review',
      pageSize: 5,
      pageToken: 'x',
    });
    expect(() => listAlertsCommandFromWire({ status: 42, pageSize: 0, pageToken: '' })).toThrow(
      /status 42/,
    );
    expect(alertToWire(alert('a1', 1))).toMatchObject({
      alertId: 'a1',
      evidenceId: 'ev-a1',
      status: 1,
      reviewMode: 1,
      raisedAt: { seconds: 1_767_261_601, nanos: 250_000_000 },
    });
    expect(encodeAlertPageToken({ raisedAt: new Date(0), id: 'a' }, undefined)).toMatch(
      /^[A-Za-z0-9_-]+$/,
    );
  });
});
