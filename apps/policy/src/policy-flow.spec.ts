import { newEnvelope, sightingRecorded, TOPICS, type EventEnvelope } from '@sightline/contracts';
import type { EventPublisher } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import type { Clock } from '@sightline/service-kit';
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
function harness(options: { failFlagOnce?: boolean } = {}) {
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
    enrolmentOf: jest.fn(async (watchlistId: string, templateId: string) =>
      watchlistId === 'wl-1' && templateId === 'tpl-1'
        ? { reviewMode: 'two-person' as const, photoReference: 'photos/s-1.jpg' }
        : undefined,
    ),
  };
  const metrics = new AlertMetrics(new ServiceMetrics('policy-test'));
  const clock = { now: () => new Date('2026-01-01T10:00:05Z') } as Clock;
  const raise = new RaiseAlertUseCase(alertRepository, facts, publisher, metrics, clock);
  const record = new RecordSightingUseCase(
    new ProjectSightingUseCase(sightingRepository, clock),
    raise,
  );
  return { record, sightings, alerts, published, metrics, facts };
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
