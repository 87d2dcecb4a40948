import { Inject, Injectable } from '@nestjs/common';
import { assertUnreachable, type EventEnvelope } from '@sightline/contracts';
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
    switch (event.type) {
      case 'sightline.gallery.template-added': {
        const { watchlistId, templateId, photoReference } = event.payload;
        // Only a template the projection accepted (its watchlist is live) gets a reference.
        if (this.gallery.watchlist(watchlistId)?.templates.has(templateId)) {
          this.gallery.rememberPhotoReference(watchlistId, templateId, photoReference);
        }
        break;
      }
      case 'sightline.gallery.template-removed':
      case 'sightline.gallery.subject-removed':
      case 'sightline.gallery.watchlist-expired':
        this.gallery.forgetDeadPhotoReferences(event.payload.watchlistId);
        break;
      case 'sightline.gallery.watchlist-created':
      case 'sightline.gallery.subject-enrolled':
        break;
      default:
        assertUnreachable(event);
    }
    return 'applied';
  }

  /** The event at this position and all it causes are done: a snapshot may now include it. */
  passed(position: { topic: string; partition: number; offset: string }): void {
    this.gallery.markApplied(position);
  }
}
