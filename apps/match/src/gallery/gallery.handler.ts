import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type EventEnvelope } from '@sightline/contracts';
import { asGalleryEvent } from '@sightline/matching';
import type { KafkaEventContext } from '@sightline/messaging';
import { ApplyGalleryEventUseCase } from './apply-gallery-event.usecase';
import { ProjectGalleryListingUseCase } from './project-gallery-listing.usecase';

@Controller()
export class GalleryHandler {
  constructor(
    @Inject(ApplyGalleryEventUseCase) private readonly applyGalleryEvent: ApplyGalleryEventUseCase,
    @Inject(ProjectGalleryListingUseCase)
    private readonly projectListing: ProjectGalleryListingUseCase,
  ) {}

  /**
   * The in-memory index first and synchronously, so a removal takes effect before anything else
   * runs; the listing read model after it, which is allowed to lag.
   */
  @EventPattern(TOPICS.galleries.name)
  async onGalleryEvent(
    @Payload() envelope: EventEnvelope,
    @Ctx() context: KafkaEventContext,
  ): Promise<void> {
    const position = {
      topic: context.getTopic(),
      partition: context.getPartition(),
      offset: context.getOffset(),
    };
    const event = asGalleryEvent(envelope);
    if (this.applyGalleryEvent.execute(envelope) === 'applied' && event) {
      await this.projectListing.execute(event, {
        ...position,
        offset: Number(position.offset),
        eventId: envelope.id,
      });
    }
    this.applyGalleryEvent.passed(position);
  }
}
