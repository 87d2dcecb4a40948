import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type EventEnvelope } from '@sightline/contracts';
import type { KafkaEventContext } from '@sightline/messaging';
import { WatchlistDirectory } from './watchlist-directory';

/** Replayed from the beginning at every start: keeps the directory of review modes and photos. */
@Controller()
export class GalleriesHandler {
  constructor(@Inject(WatchlistDirectory) private readonly directory: WatchlistDirectory) {}

  @EventPattern(TOPICS.galleries.name)
  onGalleryEvent(@Payload() event: EventEnvelope, @Ctx() context: KafkaEventContext): void {
    this.directory.apply(event, context.getPartition(), context.getOffset());
  }
}
