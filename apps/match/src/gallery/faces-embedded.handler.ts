import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { assertUnreachable, TOPICS } from '@sightline/contracts';
import { CloseTrackUseCase } from './close-track.usecase';
import type { FaceEmbeddedEvent, TrackClosedEvent } from './probe-events';
import { SearchFaceUseCase } from './search-face.usecase';

@Controller()
export class FacesEmbeddedHandler {
  constructor(
    @Inject(SearchFaceUseCase) private readonly searchFace: SearchFaceUseCase,
    @Inject(CloseTrackUseCase) private readonly closeTrack: CloseTrackUseCase,
  ) {}

  @EventPattern(TOPICS.facesEmbedded.name)
  async onFacesEmbedded(@Payload() event: FaceEmbeddedEvent | TrackClosedEvent): Promise<void> {
    switch (event.type) {
      case 'sightline.face.embedded':
        await this.searchFace.execute(event);
        return;
      case 'sightline.track.closed':
        await this.closeTrack.execute(event);
        return;
      default:
        assertUnreachable(event);
    }
  }
}
