import { Inject, Injectable } from '@nestjs/common';
import {
  alertEscalated,
  alertRaised,
  alertReviewed,
  assertUnreachable,
} from '@sightline/contracts';
import type { AlertEvent } from './alert-event';
import type { MessageOrigin } from './message-origin';
import { NotifyAlertConfirmedUseCase } from './notify-alert-confirmed.usecase';
import { RecordRaisedAlertUseCase } from './record-raised-alert.usecase';

export type AlertEventResult = 'recorded' | 'notified' | 'ignored';

/**
 * Decides what each event of alerts.v1 means to notify. A raised alert goes to reviewers' streams
 * only; the action channels (webhooks) wait for the review that confirms it.
 */
@Injectable()
export class HandleAlertEventUseCase {
  constructor(
    @Inject(RecordRaisedAlertUseCase) private readonly recordRaised: RecordRaisedAlertUseCase,
    @Inject(NotifyAlertConfirmedUseCase)
    private readonly notifyConfirmed: NotifyAlertConfirmedUseCase,
  ) {}

  async execute(event: AlertEvent, origin: MessageOrigin): Promise<AlertEventResult> {
    switch (event.type) {
      case alertRaised.type:
        await this.recordRaised.execute(event);
        return 'recorded';
      case alertReviewed.type:
        // A first confirmation under the two-person rule, or a dismissal, tells no one to act.
        if (event.payload.status !== 'confirmed') return 'ignored';
        await this.notifyConfirmed.execute(event, origin);
        return 'notified';
      case alertEscalated.type:
        // Escalation is for the reviewers' supervisor, who works from the review queue.
        return 'ignored';
      default:
        return assertUnreachable(event);
    }
  }
}
