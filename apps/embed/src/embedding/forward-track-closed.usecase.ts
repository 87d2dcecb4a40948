import { Inject, Injectable } from '@nestjs/common';
import { newEnvelope, TOPICS } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { trackClosed, type TrackClosedEvent } from './face-events';

/**
 * Passes a track's closing summary on unchanged, on the same partition as its faces, so match
 * sees it only after every face of the track has been embedded and searched.
 */
@Injectable()
export class ForwardTrackClosedUseCase {
  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}

  async execute(event: TrackClosedEvent): Promise<void> {
    await this.publisher.publish(TOPICS.facesEmbedded, [
      newEnvelope(trackClosed, event.payload, {
        source: 'embed',
        cameraId: event.cameraId ?? event.payload.cameraId,
        correlationId: event.correlationId,
        occurredAt: new Date(event.occurredAt),
      }),
    ]);
  }
}
