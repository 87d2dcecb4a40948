import { Inject, Injectable } from '@nestjs/common';
import {
  alertReviewed,
  assertUnreachable,
  derivedEventId,
  newEnvelope,
  toDomainError,
  DomainError,
  ErrorCode,
} from '@sightline/contracts';
import {
  decideAlertReview,
  evolveAlertReview,
  requiredConfirmations,
  type EscalationPolicy,
} from '@sightline/governance';
import { AuditTrail, Clock } from '@sightline/service-kit';
import { AlertMetrics } from './alert-metrics';
import { AlertOutbox } from './alert-outbox';
import { reviewFieldsOf, reviewStateOf } from './alert-review-state';
import type { Alert } from './alert.entity';
import { AlertRepository } from './alert.repository';
import { ESCALATION_POLICY } from './escalation-policy';

export type ReviewDecision = 'confirm' | 'dismiss';

export interface ReviewAlertCommand {
  readonly alertId: string;
  /** The authenticated reviewer, never a field of the request. */
  readonly reviewerId: string;
  readonly decision: ReviewDecision;
  readonly reason: string;
  /** Why the reviewer is looking, for the audit record. */
  readonly purpose: string;
}

export interface ReviewAlertResult {
  readonly alert: Alert;
  readonly confirmationsRequired: number;
}

const SOURCE = 'policy';

/**
 * One reviewer's decision on an alert. The governance decider rules (independence from the
 * enroller, two different confirmations under the two-person rule, no decision on a closed
 * alert); the row, the alertReviewed event and the audit record are written in one conditional
 * update, then published. Every refusal is audited too.
 */
@Injectable()
export class ReviewAlertUseCase {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertOutbox) private readonly outbox: AlertOutbox,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(AlertMetrics) private readonly metrics: AlertMetrics,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ESCALATION_POLICY) private readonly policy: EscalationPolicy,
  ) {}

  async execute(command: ReviewAlertCommand): Promise<ReviewAlertResult> {
    try {
      return await this.review(command);
    } catch (error) {
      const refusal = toDomainError(error);
      if (isRefusal(refusal)) {
        await this.audit.record({
          actor: command.reviewerId,
          role: 'reviewer',
          purpose: command.purpose,
          action: `alert.${command.decision}`,
          target: command.alertId,
          outcome: 'refused',
        });
        this.metrics.reviewed.inc({ decision: command.decision, outcome: 'refused' });
      }
      throw refusal;
    }
  }

  private async review(command: ReviewAlertCommand): Promise<ReviewAlertResult> {
    const alert = await this.alerts.findById(command.alertId);
    if (!alert) {
      throw new DomainError(ErrorCode.NotFound, `alert ${command.alertId} does not exist`);
    }
    if (!alert.published) {
      // Its alertRaised is not on alerts.v1 yet: a decision now would reach notify before the
      // alert it decides. The raise completes on the sighting's redelivery; the reviewer retries.
      throw new DomainError(
        ErrorCode.Conflict,
        `alert ${alert.id} is still being raised; retry in a moment`,
        { concurrent: true },
      );
    }
    const at = this.clock.now();
    const state = reviewStateOf(alert);
    const events = decideAlertReview(
      { kind: command.decision, reviewerId: command.reviewerId, reason: command.reason, at },
      state,
      this.policy,
    );
    const next = events.reduce(evolveAlertReview, state);
    const decided = reviewFieldsOf(next);
    // Escalation is history: a later decision does not erase that the alert waited too long.
    const fields = { ...decided, escalatedAt: decided.escalatedAt ?? alert.escalatedAt };
    const reviewed = newEnvelope(
      alertReviewed,
      {
        alertId: alert.id,
        reviewerId: command.reviewerId,
        decision: command.decision,
        reason: command.reason,
        status: fields.status,
      },
      {
        source: SOURCE,
        correlationId: alert.correlationId,
        cameraId: alert.cameraId,
        occurredAt: at,
      },
    );
    const audited = this.audit.envelopeOf(
      {
        actor: command.reviewerId,
        role: 'reviewer',
        purpose: command.purpose,
        action: `alert.${command.decision}`,
        target: alert.id,
        databaseSearched: alert.watchlistId,
        outcome: 'allowed',
      },
      {
        correlationId: alert.correlationId,
        at,
        eventId: derivedEventId(`audit:${reviewed.id}`, at),
      },
    );
    const outbox = [
      { topic: 'alerts.v1', envelope: reviewed },
      { topic: 'audit.v1', envelope: audited },
    ] as const;
    if (!(await this.alerts.applyReview(alert, fields, outbox))) {
      throw new DomainError(
        ErrorCode.Conflict,
        `alert ${alert.id} was reviewed by someone else meanwhile; read it again and retry`,
        { concurrent: true },
      );
    }
    const written: Alert = {
      ...alert,
      ...fields,
      revision: alert.revision + 1,
      outbox: [...alert.outbox, ...outbox],
    };
    await this.outbox.flush(written);
    this.metrics.reviewed.inc({ decision: command.decision, outcome: 'accepted' });
    return {
      alert: { ...written, outbox: [] },
      confirmationsRequired: requiredConfirmations(alert.reviewMode),
    };
  }
}

/**
 * Decisions the rules turned down are audited; a lost race (the reviewer retries on fresh state)
 * and our own failures (store, broker) are not refusals of anyone.
 */
function isRefusal(error: DomainError): boolean {
  switch (error.code) {
    case ErrorCode.InvalidArgument:
    case ErrorCode.NotFound:
    case ErrorCode.PolicyRefused:
    case ErrorCode.PermissionDenied:
      return true;
    case ErrorCode.Conflict:
      return error.details['concurrent'] !== true;
    case ErrorCode.Unauthenticated:
    case ErrorCode.MalformedEnvelope:
    case ErrorCode.UnknownEventType:
    case ErrorCode.UnsupportedEventVersion:
    case ErrorCode.InvalidPayload:
    case ErrorCode.DependencyUnavailable:
    case ErrorCode.Internal:
      // The transport's guard audits unauthenticated calls; the rest are failures, not refusals.
      return false;
    default:
      return assertUnreachable(error.code);
  }
}
