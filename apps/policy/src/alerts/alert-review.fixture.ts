import type { EventEnvelope } from '@sightline/contracts';
import type { EventPublisher } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import type { AuditFact, AuditOptions, AuditTrail, Clock } from '@sightline/service-kit';
import { ulid } from 'ulid';
import { AlertMetrics } from './alert-metrics';
import { AlertOutbox } from './alert-outbox';
import type { AlertReviewFields } from './alert-review-state';
import type { Alert, OutboxEvent } from './alert.entity';
import type { AlertRepository } from './alert.repository';

/** An alert row as raise-alert stores it. */
export function pendingAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'al-1',
    cameraId: 'cam-1',
    trackId: 't-1',
    watchlistId: 'wl-1',
    subjectId: 's-1',
    score: 0.8,
    status: 'pending_review',
    raisedAt: new Date('2026-01-01T10:00:00Z'),
    faceId: 'f-1',
    evidenceId: 'ev-1',
    photoReference: 'photos/s-1.jpg',
    reviewMode: 'two-person',
    sightingEventId: 'se-1',
    raisedEventId: 're-1',
    correlationId: 'corr-1',
    published: true,
    enrolledBy: 'enroller-1',
    lastSeenAt: new Date('2026-01-01T09:59:58Z'),
    mergedTrackIds: [],
    confirmations: [],
    escalatedAt: null,
    decidedAt: null,
    dismissal: null,
    revision: 0,
    outbox: [],
    ...overrides,
  };
}

/**
 * The review folder wired over an in-memory alert store that honours the repository's
 * compare-and-set, a publisher that records (or fails), and a settable clock.
 */
export function reviewHarness(alerts: Alert[]) {
  const rows = new Map(alerts.map((alert) => [alert.id, alert]));
  const published: { topic: string; envelope: EventEnvelope }[] = [];
  const audited: { fact: AuditFact; options: AuditOptions }[] = [];
  const state = { now: new Date('2026-01-01T10:05:00Z'), failPublish: false };
  const repository = {
    findById: async (id: string) => rows.get(id) ?? null,
    applyReview: async (alert: Alert, fields: AlertReviewFields, events: OutboxEvent[]) => {
      const row = rows.get(alert.id);
      if (!row || row.revision !== alert.revision) return false;
      rows.set(alert.id, {
        ...row,
        ...fields,
        revision: row.revision + 1,
        outbox: [...row.outbox, ...events],
      });
      return true;
    },
    clearOutbox: async (id: string, revision: number) => {
      const row = rows.get(id);
      if (row && row.revision === revision) rows.set(id, { ...row, outbox: [] });
    },
    findWithOutbox: async () => [...rows.values()].filter((row) => row.outbox.length > 0),
    findOpen: async (status: string, limit: number) =>
      [...rows.values()]
        .filter((row) => row.status === status)
        .sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime())
        .slice(0, limit),
    count: async (filter: { status: string }) =>
      [...rows.values()].filter((row) => row.status === filter.status).length,
  } as unknown as AlertRepository;
  const publisher = {
    publish: async (topic: { name: string }, envelopes: EventEnvelope[]) => {
      if (state.failPublish) throw new Error('broker unavailable');
      for (const envelope of envelopes) published.push({ topic: topic.name, envelope });
    },
  } as unknown as EventPublisher;
  const audit = {
    record: async (fact: AuditFact, options: AuditOptions = {}) => {
      audited.push({ fact, options });
    },
    envelopeOf: (fact: AuditFact, options: AuditOptions = {}) => ({
      id: options.eventId ?? ulid(),
      type: 'sightline.audit.recorded',
      version: 1,
      occurredAt: (options.at ?? state.now).toISOString(),
      source: 'policy',
      correlationId: options.correlationId ?? 'c',
      payload: { ...fact, at: (options.at ?? state.now).toISOString() },
    }),
  } as unknown as AuditTrail;
  const clock = { now: () => state.now } as Clock;
  const metrics = new AlertMetrics(new ServiceMetrics('policy-review-test'));
  const outbox = new AlertOutbox(repository, publisher);
  return { rows, published, audited, state, repository, audit, clock, metrics, outbox };
}
