import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@sightline/contracts';
import { asGalleryEvent } from '@sightline/matching';
import { GalleryState } from './gallery-state';

/**
 * Applies one gallery event to the in-memory index. A malformed template throws INVALID_PAYLOAD
 * with the reason, which the consumer dead-letters; the projection itself is deterministic, so a
 * replay of the same log gives the same index.
 */
@Injectable()
export class ApplyGalleryEventUseCase {
  constructor(@Inject(GalleryState) private readonly gallery: GalleryState) {}

  execute(envelope: EventEnvelope): 'applied' | 'ignored' {
    const event = asGalleryEvent(envelope);
    if (!event) return 'ignored';
    this.gallery.projection.apply(event);
    return 'applied';
  }
}
