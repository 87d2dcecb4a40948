import { Inject, Injectable } from '@nestjs/common';
import { alertRaised, alertReviewed, assertUnreachable } from '@sightline/contracts';
import type { AlertEvent } from './alert-event';
import type { MessageOrigin } from './message-origin';
import { NotifyAlertRaisedUseCase } from './notify-alert-raised.usecase';

export type AlertEventResult = 'notified' | 'ignored';

/** Decides what each event of alerts.v1 means to notify. */
@Injectable()
export class HandleAlertEventUseCase {
  constructor(
    @Inject(NotifyAlertRaisedUseCase) private readonly notifyRaised: NotifyAlertRaisedUseCase,
  ) {}

  async execute(event: AlertEvent, origin: MessageOrigin): Promise<AlertEventResult> {
    switch (event.type) {
      case alertRaised.type:
        await this.notifyRaised.execute(event, origin);
        return 'notified';
      case alertReviewed.type:
        // Telling partners and stream clients about review decisions is the review flow's issue;
        // until then a decision is acknowledged here and deliberately not forwarded.
        return 'ignored';
      default:
        return assertUnreachable(event);
    }
  }
}
