import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type EventEnvelope } from '@sightline/contracts';
import { ApplyGalleryEventUseCase } from './apply-gallery-event.usecase';

@Controller()
export class GalleryHandler {
  constructor(
    @Inject(ApplyGalleryEventUseCase) private readonly applyGalleryEvent: ApplyGalleryEventUseCase,
  ) {}

  @EventPattern(TOPICS.galleries.name)
  onGalleryEvent(@Payload() event: EventEnvelope): void {
    this.applyGalleryEvent.execute(event);
  }
}
