import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { assertUnreachable, TOPICS } from '@sightline/contracts';
import { EmbedFaceUseCase } from './embed-face.usecase';
import type { FaceDetectedEvent, TrackClosedEvent } from './face-events';
import { ForwardTrackClosedUseCase } from './forward-track-closed.usecase';

@Controller()
export class FacesDetectedHandler {
  constructor(
    @Inject(EmbedFaceUseCase) private readonly embedFace: EmbedFaceUseCase,
    @Inject(ForwardTrackClosedUseCase)
    private readonly forwardTrackClosed: ForwardTrackClosedUseCase,
  ) {}

  @EventPattern(TOPICS.facesDetected.name)
  async onFacesDetected(@Payload() event: FaceDetectedEvent | TrackClosedEvent): Promise<void> {
    switch (event.type) {
      case 'sightline.face.detected':
        return this.embedFace.execute(event);
      case 'sightline.track.closed':
        return this.forwardTrackClosed.execute(event);
      default:
        return assertUnreachable(event);
    }
  }
}
