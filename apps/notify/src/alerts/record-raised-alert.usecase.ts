import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@sightline/service-kit';
import type { AlertRaisedEvent } from './alert-event';
import { AlertBroadcaster } from './alert-broadcaster';
import { SeenAlertRepository } from './seen-alert.repository';

/**
 * A new alert, still pending review: kept in `alerts_seen` (its confirmation, later on the same
 * partition, needs its facts) and handed to live stream subscribers the first time only. It goes
 * to no webhook: action channels hear of an alert only once a human has confirmed it.
 */
@Injectable()
export class RecordRaisedAlertUseCase {
  constructor(
    @Inject(SeenAlertRepository) private readonly seenAlerts: SeenAlertRepository,
    @Inject(AlertBroadcaster) private readonly broadcaster: AlertBroadcaster,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(event: AlertRaisedEvent): Promise<boolean> {
    const { alertId, ...fields } = event.payload;
    const firstTime = await this.seenAlerts.insertIfAbsent({
      id: alertId,
      ...fields,
      eventId: event.id,
      seenAt: this.clock.now(),
    });
    if (firstTime) this.broadcaster.publish(event.payload);
    return firstTime;
  }
}
