import { Inject, Injectable } from '@nestjs/common';
import { alertEscalated, derivedEventId, newEnvelope } from '@sightline/contracts';
import {
  decideAlertReview,
  evolveAlertReview,
  isDueForEscalation,
  type EscalationPolicy,
} from '@sightline/governance';
import { AuditTrail, Clock } from '@sightline/service-kit';
import { AlertMetrics } from './alert-metrics';
import { AlertOutbox } from './alert-outbox';
import { reviewFieldsOf, reviewStateOf } from './alert-review-state';
import type { Alert } from './alert.entity';
import { AlertRepository } from './alert.repository';
import { ESCALATION_POLICY } from './escalation-policy';

export interface ReviewSweepResult {
  readonly escalated: number;
  readonly republished: number;
  readonly pending: number;
  readonly oldestOpenSeconds: number;
}

const BATCH = 200;

/**
 * The periodic review sweep: escalates alerts that waited too long, republishes review events a
 * crash left in an outbox, and reports the queue. Safe to run on every replica at once: escalating
 * twice is a no-op, each write is conditional, and republished events keep their ids.
 */
@Injectable()
export class EscalateOverdueAlertsUseCase {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertOutbox) private readonly outbox: AlertOutbox,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(AlertMetrics) private readonly metrics: AlertMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ESCALATION_POLICY) private readonly policy: EscalationPolicy,
  ) {}

  async execute(): Promise<ReviewSweepResult> {
    const now = this.clock.now();
    const stranded = await this.alerts.findWithOutbox(BATCH);
    for (const alert of stranded) await this.outbox.flush(alert);

    let escalated = 0;
    // Escalating moves an alert between the two open states, so the oldest open alert is already
    // among these two reads, whatever the walk below escalates.
    const [oldestEscalated] = await this.alerts.findOpen('escalated', 1);
    const pending = await this.alerts.findOpen('pending_review', BATCH);
    for (const alert of pending) {
      // Oldest first, so the first alert not yet due ends the walk.
      if (!isDueForEscalation(reviewStateOf(alert), this.policy, now)) break;
      if (await this.escalate(alert, now)) escalated += 1;
    }

    const open = [pending[0], oldestEscalated].filter((alert) => alert !== undefined);
    const oldest = Math.min(...open.map((alert) => alert.raisedAt.getTime()), now.getTime());
    const oldestOpenSeconds = (now.getTime() - oldest) / 1000;
    const pendingCount = await this.alerts.count({ status: 'pending_review' });
    this.metrics.queueSize.set({ status: 'pending_review' }, pendingCount);
    this.metrics.queueSize.set(
      { status: 'escalated' },
      await this.alerts.count({ status: 'escalated' }),
    );
    this.metrics.queueOldestSeconds.set(oldestOpenSeconds);
    return { escalated, republished: stranded.length, pending: pendingCount, oldestOpenSeconds };
  }

  private async escalate(alert: Alert, at: Date): Promise<boolean> {
    const state = reviewStateOf(alert);
    const events = decideAlertReview({ kind: 'escalate', at }, state, this.policy);
    if (events.length === 0) return false;
    const fields = reviewFieldsOf(events.reduce(evolveAlertReview, state));
    const envelope = newEnvelope(
      alertEscalated,
      {
        alertId: alert.id,
        cameraId: alert.cameraId,
        escalatedAt: at.toISOString(),
        pendingForMs: at.getTime() - alert.raisedAt.getTime(),
      },
      {
        source: 'policy',
        correlationId: alert.correlationId,
        cameraId: alert.cameraId,
        occurredAt: at,
      },
    );
    const audited = this.audit.envelopeOf(
      {
        actor: 'review-sweep',
        role: 'system',
        purpose: 'review deadline',
        action: 'alert.escalate',
        target: alert.id,
        outcome: 'allowed',
      },
      {
        correlationId: alert.correlationId,
        at,
        eventId: derivedEventId(`audit:${envelope.id}`, at),
      },
    );
    const outbox = [
      { topic: 'alerts.v1', envelope },
      { topic: 'audit.v1', envelope: audited },
    ] as const;
    // Lost to a reviewer's decision or another replica's sweep: either way nothing is left to do.
    if (!(await this.alerts.applyReview(alert, fields, outbox))) return false;
    await this.outbox.flush({
      id: alert.id,
      revision: alert.revision + 1,
      outbox: [...alert.outbox, ...outbox],
    });
    this.metrics.escalated.inc();
    return true;
  }
}
