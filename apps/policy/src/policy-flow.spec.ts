import { newEnvelope, sightingRecorded, TOPICS, type EventEnvelope } from '@sightline/contracts';
import type { EventPublisher } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import type { AuditFact, AuditTrail, Clock } from '@sightline/service-kit';
import { alertIdFor } from './alerts/alert-id';
import { AlertMetrics } from './alerts/alert-metrics';
import type { Alert } from './alerts/alert.entity';
import type { AlertRepository } from './alerts/alert.repository';
import { RaiseAlertUseCase } from './alerts/raise-alert.usecase';
import type { WatchlistFacts } from './alerts/watchlist-facts';
import type { Sighting } from './sightings/sighting.entity';
import type { SightingRepository } from './sightings/sighting.repository';
import { ProjectSightingUseCase } from './sightings/project-sighting.usecase';
import { RecordSightingUseCase } from './sightings/record-sighting.usecase';

/** Sightings in, alerts out: the two folders wired as PolicyModule wires them, with fakes for I/O. */
function harness(options: { failFlagOnce?: boolean; watchlistExpiresAt?: Date } = {}) {
  const sightings = new Map<string, Sighting>();
  const alerts = new Map<string, Alert>();
  let failFlag = options.failFlagOnce ?? false;
  const sightingRepository = {
    insertIfAbsent: jest.fn(async (row: Sighting) => {
      if (sightings.has(row.id)) return false;
      sightings.set(row.id, row);
      return true;
    }),
  } as unknown as SightingRepository;
  const alertRepository = {
    findById: jest.fn(async (id: string) => alerts.get(id) ?? null),
    insertIfAbsent: jest.fn(async (row: Alert) => {
      if (alerts.has(row.id)) return false;
      alerts.set(row.id, row);
      return true;
    }),
    hasMergedTrack: jest.fn(async (cameraId: string, trackId: string) =>
      [...alerts.values()].some(
        (row) => row.cameraId === cameraId && row.mergedTrackIds.includes(trackId),
      ),
    ),
    findLatestOpenFor: jest.fn(
      async (subjectId: string, cameraId: string) =>
        [...alerts.values()]
          .filter((row) => row.subjectId === subjectId && row.cameraId === cameraId)
          .filter((row) => row.status !== 'dismissed')
          .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())[0],
    ),
    mergeTrack: jest.fn(async (id: string, trackId: string, lastSeenAt: Date) => {
      const row = alerts.get(id);
      if (!row || row.mergedTrackIds.includes(trackId)) return;
      alerts.set(id, {
        ...row,
        mergedTrackIds: [...row.mergedTrackIds, trackId],
        lastSeenAt: lastSeenAt > row.lastSeenAt ? lastSeenAt : row.lastSeenAt,
      });
    }),
    markPublished: jest.fn(async (id: string) => {
      if (failFlag) {
        failFlag = false;
        throw new Error('mongo went away');
      }
      const row = alerts.get(id);
      if (row) alerts.set(id, { ...row, published: true });
    }),
  } as unknown as AlertRepository;
  const published: EventEnvelope[] = [];
  const publisher = {
    publish: jest.fn(async (topic: { name: string }, events: EventEnvelope[]) => {
      expect(topic.name).toBe(TOPICS.alerts.name);
      published.push(...events);
    }),
  } as unknown as EventPublisher;
  const facts: WatchlistFacts = {
    enrolmentOf: jest.fn(async (watchlistId: string, _subjectId: string, templateId: string) =>
      watchlistId === 'wl-1' && templateId === 'tpl-1'
        ? {
            reviewMode: 'two-person' as const,
            photoReference: 'photos/s-1.jpg',
            enrolledBy: 'enroller-1',
            watchlistExpiresAt: options.watchlistExpiresAt ?? new Date('2027-01-01T00:00:00Z'),
            threshold: 0.6,
          }
        : undefined,
    ),
  };
  const metrics = new AlertMetrics(new ServiceMetrics('policy-test'));
  const clock = { now: () => new Date('2026-01-01T10:00:05Z') } as Clock;
  const audited: { fact: AuditFact; eventId?: string }[] = [];
  const audit = {
    record: jest.fn(async (fact: AuditFact, auditOptions: { eventId?: string } = {}) => {
      audited.push({ fact, eventId: auditOptions.eventId });
    }),
  } as unknown as AuditTrail;
  const raise = new RaiseAlertUseCase(alertRepository, facts, publisher, metrics, clock, audit, {
    seconds: 120,
  });
  const record = new RecordSightingUseCase(
    new ProjectSightingUseCase(sightingRepository, clock),
    raise,
  );
  return { record, sightings, alerts, published, metrics, facts, audited };
}

const base = {
  cameraId: 'cam-1',
  trackId: '01JTRACK.0',
  firstSeenAt: '2026-01-01T10:00:00.000Z',
  lastSeenAt: '2026-01-01T10:00:04.000Z',
  facesSeen: 7,
  bestQuality: 0.8,
};
const matched = {
  status: 'matched' as const,
  watchlistId: 'wl-1',
  subjectId: 's-1',
  score: 0.71,
  faceId: '01JFRAME.0',
  templateId: 'tpl-1',
  evidenceId: 'ev-1',
};
const matchedEvent = () =>
  newEnvelope(
    sightingRecorded,
    { ...base, match: matched },
    { source: 'match', cameraId: 'cam-1' },
  );

async function raisedCount(metrics: AlertMetrics, watchlist: string): Promise<number> {
  const values = (await metrics.raised.get()).values;
  return values.find((value) => value.labels.watchlist === watchlist)?.value ?? 0;
}

describe('sightings to alerts', () => {
  it('raises one pending_review alert for a matched sighting, with its evidence and enrolment', async () => {
    const { record, alerts, published, metrics } = harness();
    const event = matchedEvent();
    await expect(record.execute(event)).resolves.toBe('applied');
    const alertId = alertIdFor('cam-1', '01JTRACK.0');
    expect(alerts.get(alertId)).toMatchObject({
      status: 'pending_review',
      published: true,
      evidenceId: 'ev-1',
      sightingEventId: event.id,
    });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      type: 'sightline.alert.raised',
      correlationId: event.correlationId,
      cameraId: 'cam-1',
      payload: {
        alertId,
        cameraId: 'cam-1',
        trackId: '01JTRACK.0',
        watchlistId: 'wl-1',
        subjectId: 's-1',
        score: 0.71,
        status: 'pending_review',
        raisedAt: '2026-01-01T10:00:05.000Z',
        faceId: '01JFRAME.0',
        evidenceId: 'ev-1',
        photoReference: 'photos/s-1.jpg',
        reviewMode: 'two-person',
      },
    });
    expect(await raisedCount(metrics, 'wl-1')).toBe(1);
  });

  it('raises nothing more when the sighting is redelivered or re-emitted', async () => {
    const { record, alerts, published, metrics } = harness();
    const first = matchedEvent();
    await record.execute(first);
    await expect(record.execute(first)).resolves.toBe('already-applied');
    await record.execute(matchedEvent());
    expect(alerts.size).toBe(1);
    expect(published).toHaveLength(1);
    expect(await raisedCount(metrics, 'wl-1')).toBe(1);
  });

  it('publishes the same event again when the published flag was not written', async () => {
    const { record, alerts, published } = harness({ failFlagOnce: true });
    const event = matchedEvent();
    await expect(record.execute(event)).rejects.toThrow('mongo went away');
    expect(published).toHaveLength(1);
    await record.execute(event);
    expect(published).toHaveLength(2);
    expect(published[1]).toEqual(published[0]);
    await record.execute(event);
    expect(published).toHaveLength(2);
    expect([...alerts.values()][0]?.published).toBe(true);
  });

  it.each([
    { status: 'none' as const },
    { status: 'not-attempted' as const, reason: 'sensitive-camera' as const },
    { status: 'not-attempted' as const, reason: 'no-usable-face' as const },
  ])('raises no alert and stores nothing biometric for $status', async (match) => {
    const { record, alerts, published, sightings, facts } = harness();
    await record.execute(newEnvelope(sightingRecorded, { ...base, match }, { source: 'match' }));
    expect(alerts.size).toBe(0);
    expect(published).toHaveLength(0);
    expect(facts.enrolmentOf).not.toHaveBeenCalled();
    const row = sightings.get('cam-1:01JTRACK.0');
    expect(row).toBeDefined();
    for (const field of ['subjectId', 'watchlistId', 'score', 'templateId', 'alignedChip'])
      expect(row).not.toHaveProperty(field);
  });

  it('audits a raised alert once, with the watchlist searched, however often it is republished', async () => {
    const { record, audited } = harness({ failFlagOnce: true });
    const event = matchedEvent();
    await expect(record.execute(event)).rejects.toThrow('mongo went away');
    await record.execute(event);
    expect(audited).toHaveLength(2);
    expect(audited[0]?.fact).toMatchObject({
      action: 'alert.raise',
      role: 'system',
      databaseSearched: 'wl-1',
      outcome: 'allowed',
    });
    // A republication carries the same audit event id, so the chain keeps one record.
    expect(audited[1]?.eventId).toBe(audited[0]?.eventId);
  });

  it('suppresses and audits a match on a watchlist that expired before policy saw it', async () => {
    const { record, alerts, published, audited, metrics } = harness({
      watchlistExpiresAt: new Date('2026-01-01T10:00:00Z'),
    });
    await expect(record.execute(matchedEvent())).resolves.toBe('applied');
    expect(alerts.size).toBe(0);
    expect(published).toHaveLength(0);
    expect(audited.map((entry) => entry.fact)).toEqual([
      expect.objectContaining({
        action: 'alert.suppress.expired',
        outcome: 'suppressed',
        databaseSearched: 'wl-1',
      }),
    ]);
    const suppressed = (await metrics.suppressed.get()).values;
    expect(suppressed).toEqual([
      expect.objectContaining({ labels: { watchlist: 'wl-1', reason: 'expired' }, value: 1 }),
    ]);
  });

  it('merges a later track of the same subject on the same camera within the window, once', async () => {
    const { record, alerts, published, metrics } = harness();
    await record.execute(matchedEvent());
    const later = (trackId: string, firstSeenAt: string, lastSeenAt: string) =>
      newEnvelope(
        sightingRecorded,
        { ...base, trackId, firstSeenAt, lastSeenAt, match: matched },
        { source: 'match', cameraId: 'cam-1' },
      );
    // 56 s after the first track ended: one alert; redelivered: still one.
    const again = later('01JTRACK.1', '2026-01-01T10:01:00.000Z', '2026-01-01T10:01:05.000Z');
    await record.execute(again);
    await record.execute(again);
    expect(alerts.size).toBe(1);
    expect([...alerts.values()][0]).toMatchObject({
      mergedTrackIds: ['01JTRACK.1'],
      lastSeenAt: new Date('2026-01-01T10:01:05.000Z'),
    });
    expect(published).toHaveLength(1);
    expect((await metrics.merged.get()).values[0]?.value).toBe(1);
    // Beyond the 120 s window of the last sighting: a new alert for reviewers.
    await record.execute(
      later('01JTRACK.2', '2026-01-01T10:04:00.000Z', '2026-01-01T10:04:02.000Z'),
    );
    expect(alerts.size).toBe(2);
    expect(published).toHaveLength(2);
  });

  it('suppresses a match below its watchlist threshold', async () => {
    const { record, alerts, audited } = harness();
    const event = newEnvelope(
      sightingRecorded,
      { ...base, match: { ...matched, score: 0.59 } },
      { source: 'match' },
    );
    await record.execute(event);
    expect(alerts.size).toBe(0);
    expect(audited[0]?.fact.action).toBe('alert.suppress.below-threshold');
  });

  it('dead-letters (INVALID_PAYLOAD) a match on a template the gallery does not know, raising nothing', async () => {
    const { record, alerts, published, sightings } = harness();
    const event = newEnvelope(
      sightingRecorded,
      { ...base, match: { ...matched, templateId: 'tpl-unknown' } },
      { source: 'match' },
    );
    await expect(record.execute(event)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(sightings.size).toBe(1);
    expect(alerts.size).toBe(0);
    expect(published).toHaveLength(0);
  });
});

describe('alertIdFor', () => {
  it('is stable per track, differs between tracks and fits idSchema whatever the id lengths', () => {
    expect(alertIdFor('cam-1', 't.0')).toBe(alertIdFor('cam-1', 't.0'));
    expect(alertIdFor('cam-1', 't.0')).not.toBe(alertIdFor('cam-1', 't.1'));
    expect(alertIdFor('cam-1:t', '0')).not.toBe(alertIdFor('cam-1', 't:0x'));
    const long = alertIdFor('c'.repeat(128), 't'.repeat(128));
    expect(long).toMatch(/^al-[0-9a-f]{32}$/);
  });
});
