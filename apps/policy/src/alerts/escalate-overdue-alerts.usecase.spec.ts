import { pendingAlert, reviewHarness } from './alert-review.fixture';
import type { Alert } from './alert.entity';
import { EscalateOverdueAlertsUseCase } from './escalate-overdue-alerts.usecase';

function setUp(alerts: Alert[]) {
  const harness = reviewHarness(alerts);
  const sweep = new EscalateOverdueAlertsUseCase(
    harness.repository,
    harness.outbox,
    harness.audit,
    harness.metrics,
    harness.clock,
    { escalateAfterMinutes: 15 },
  );
  return { ...harness, sweep };
}

const at = (time: string) => new Date(`2026-01-01T${time}Z`);

describe('EscalateOverdueAlertsUseCase', () => {
  it('escalates exactly the alerts pending longer than the policy allows, once', async () => {
    const { sweep, rows, published, state, metrics } = setUp([
      pendingAlert({ id: 'al-old', raisedAt: at('10:00:00') }),
      pendingAlert({ id: 'al-new', raisedAt: at('10:10:00') }),
    ]);
    state.now = at('10:16:00');
    await expect(sweep.execute()).resolves.toMatchObject({ escalated: 1, pending: 1 });
    expect(rows.get('al-old')).toMatchObject({ status: 'escalated', escalatedAt: at('10:16:00') });
    expect(rows.get('al-new')?.status).toBe('pending_review');
    expect(published.map((p) => [p.topic, p.envelope.type])).toEqual([
      ['alerts.v1', 'sightline.alert.escalated'],
      ['audit.v1', 'sightline.audit.recorded'],
    ]);
    expect(published[0]?.envelope.payload).toMatchObject({
      alertId: 'al-old',
      pendingForMs: 960_000,
    });
    await expect(sweep.execute()).resolves.toMatchObject({ escalated: 0 });
    expect((await metrics.queueOldestSeconds.get()).values[0]?.value).toBe(960);
    const sizes = (await metrics.queueSize.get()).values.map((v) => [v.labels.status, v.value]);
    expect(sizes).toEqual(
      expect.arrayContaining([
        ['pending_review', 1],
        ['escalated', 1],
      ]),
    );
  });

  it('republishes review events a crash left in an outbox, and empties it', async () => {
    const { sweep, rows, published, state } = setUp([pendingAlert({ raisedAt: at('10:00:00') })]);
    state.now = at('10:01:00');
    const stranded = {
      topic: 'alerts.v1' as const,
      envelope: {
        id: '01JSTRANDED0000000000000000',
        type: 'sightline.alert.reviewed',
        version: 1,
        occurredAt: '2026-01-01T10:00:30.000Z',
        source: 'policy',
        correlationId: 'corr-1',
        payload: {},
      },
    };
    rows.set('al-1', pendingAlert({ raisedAt: at('10:00:00'), outbox: [stranded] }));
    await expect(sweep.execute()).resolves.toMatchObject({ republished: 1, escalated: 0 });
    expect(published.map((p) => p.envelope.id)).toEqual([stranded.envelope.id]);
    expect(rows.get('al-1')?.outbox).toEqual([]);
  });

  it('reports an empty queue as zero age', async () => {
    const { sweep } = setUp([pendingAlert({ status: 'confirmed' })]);
    await expect(sweep.execute()).resolves.toMatchObject({ pending: 0, oldestOpenSeconds: 0 });
  });
});
