import { Inject, Injectable } from '@nestjs/common';
import { assertUnreachable } from '@sightline/contracts';
import type { GalleryEvent } from '@sightline/matching';
import { subjectListingId } from './gallery-listing.entity';
import { GalleryState } from './gallery-state';
import { ListingCheckpointRepository } from './listing-checkpoint.repository';
import { revisionOf, type ListingPosition } from './listing-revision';
import { SubjectListingRepository } from './subject-listing.repository';
import { WatchlistListingRepository } from './watchlist-listing.repository';

export type ListingOutcome = 'applied' | 'below-checkpoint' | 'not-listed';

/**
 * Keeps the Mongo read model that ListWatchlists and ListSubjects serve, from the same gallery
 * events as the in-memory index and after them: an event the index refused (malformed, unknown
 * subject) is dead-lettered before it gets here, and an event the index ignored (its watchlist
 * expired) is not listed either. Idempotent (see ListingPosition) and rebuildable: clear() and a
 * replay of galleries.v1 give the same documents.
 */
@Injectable()
export class ProjectGalleryListingUseCase {
  /** Checkpoints read once per partition; afterwards the mark this replica itself wrote. */
  private readonly checkpoints = new Map<string, number>();

  constructor(
    @Inject(GalleryState) private readonly gallery: GalleryState,
    @Inject(WatchlistListingRepository) private readonly watchlists: WatchlistListingRepository,
    @Inject(SubjectListingRepository) private readonly subjects: SubjectListingRepository,
    @Inject(ListingCheckpointRepository)
    private readonly checkpointMarks: ListingCheckpointRepository,
  ) {}

  async execute(event: GalleryEvent, position: ListingPosition): Promise<ListingOutcome> {
    const key = `${position.topic}:${position.partition}`;
    let mark = this.checkpoints.get(key);
    if (mark === undefined) {
      mark = await this.checkpointMarks.offsetOf(position.topic, position.partition);
      this.checkpoints.set(key, mark);
    }
    if (position.offset <= mark) return 'below-checkpoint';
    const outcome = await this.apply(event, position);
    await this.checkpointMarks.advance(position.topic, position.partition, position.offset);
    this.checkpoints.set(key, position.offset);
    return outcome;
  }

  /** Empties the read model; the next start of a replica (or a replay) fills it again. */
  async clear(): Promise<void> {
    await this.checkpointMarks.clear();
    await this.watchlists.clear();
    await this.subjects.clear();
    this.checkpoints.clear();
  }

  private async apply(event: GalleryEvent, position: ListingPosition): Promise<ListingOutcome> {
    const at = new Date(event.occurredAt);
    switch (event.type) {
      case 'sightline.gallery.watchlist-created': {
        // The index ignores a re-creation of an expired watchlist; so does the listing.
        if (!this.gallery.watchlist(event.payload.watchlistId)) return 'not-listed';
        const { watchlistId, expiresAt, zones, ...rest } = event.payload;
        await this.watchlists.insertIfAbsent({
          ...rest,
          id: watchlistId,
          expiresAt: new Date(expiresAt),
          zones: [...zones],
          status: 'active',
          createdAt: at,
          ...revisionOf(position),
        });
        return 'applied';
      }
      case 'sightline.gallery.watchlist-expired':
        await this.watchlists.markExpired(
          event.payload.watchlistId,
          new Date(event.payload.expiredAt),
          position,
        );
        return 'applied';
      case 'sightline.gallery.subject-enrolled': {
        const { watchlistId, subjectId, ...rest } = event.payload;
        if (!this.gallery.watchlist(watchlistId)) return 'not-listed';
        await this.subjects.enrol(
          {
            ...rest,
            id: subjectListingId(watchlistId, subjectId),
            watchlistId,
            subjectId,
            enrolledAt: at,
            status: 'enrolled',
            templateIds: [],
            ...revisionOf(position),
          },
          position,
        );
        return 'applied';
      }
      case 'sightline.gallery.template-added': {
        const { watchlistId, subjectId, templateId } = event.payload;
        if (!this.gallery.watchlist(watchlistId)) return 'not-listed';
        await this.subjects.addTemplate(
          subjectListingId(watchlistId, subjectId),
          templateId,
          position,
        );
        return 'applied';
      }
      case 'sightline.gallery.template-removed': {
        const { watchlistId, subjectId, templateId } = event.payload;
        await this.subjects.removeTemplate(
          subjectListingId(watchlistId, subjectId),
          templateId,
          position,
        );
        return 'applied';
      }
      case 'sightline.gallery.subject-removed': {
        const { watchlistId, subjectId, removedBy, reason } = event.payload;
        await this.subjects.remove(
          subjectListingId(watchlistId, subjectId),
          { removedAt: at, removedBy, reason },
          position,
        );
        return 'applied';
      }
      default:
        return assertUnreachable(event);
    }
  }
}
