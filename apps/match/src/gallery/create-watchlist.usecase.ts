import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  newEnvelope,
  TOPICS,
  watchlistCreated,
  type PayloadOf,
} from '@sightline/contracts';
import { validateWatchlistCreation, type ReviewMode } from '@sightline/governance';
import { EventPublisher } from '@sightline/messaging';
import { Clock } from '@sightline/service-kit';
import { GalleryState } from './gallery-state';
import { IdGenerator } from './id-generator';

/**
 * Longest life a watchlist may be given. GovernancePolicy.maxWatchlistDays is not part of
 * SightlineConfig yet, so this is the deployment-wide default until it is.
 */
export const MAX_WATCHLIST_DAYS = 90;

/** How long a gRPC call waits for its own gallery events to come back through the replay consumer. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 10_000;

export interface CreateWatchlistCommand {
  readonly name: string;
  readonly purpose: string;
  readonly legalBasis: string;
  readonly authorisedBy: string;
  readonly owner: string;
  readonly expiresAt: Date;
  readonly zones: readonly string[];
  readonly threshold: number;
  readonly reviewMode: ReviewMode;
}

/**
 * Opens a watchlist once governance admits it (purpose, legal basis, authoriser, owner, bounded
 * expiry, zones, threshold), then waits until this replica's gallery holds it, so an enrolment
 * right after the call finds it.
 */
@Injectable()
export class CreateWatchlistUseCase {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(GalleryState) private readonly gallery: GalleryState,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(command: CreateWatchlistCommand): Promise<{ watchlistId: string }> {
    const name = command.name.trim();
    if (name === '') throw new DomainError(ErrorCode.InvalidArgument, 'name is missing');
    const watchlistId = this.ids.next('wl');
    const watchlist = validateWatchlistCreation(
      { ...command, watchlistId, name },
      { maxWatchlistDays: MAX_WATCHLIST_DAYS },
      this.clock.now(),
    );
    const payload: PayloadOf<typeof watchlistCreated> = {
      watchlistId,
      name,
      purpose: watchlist.purpose,
      legalBasis: watchlist.legalBasis,
      authorisedBy: watchlist.authorisedBy,
      owner: watchlist.owner,
      expiresAt: watchlist.expiresAt.toISOString(),
      zones: [...watchlist.zones],
      threshold: watchlist.threshold,
      reviewMode: watchlist.reviewMode,
    };
    await this.publisher.publish(TOPICS.galleries, [
      newEnvelope(watchlistCreated, payload, { source: 'match' }),
    ]);
    await this.gallery.awaitApplied(
      () => this.gallery.watchlist(watchlistId) !== undefined,
      READ_YOUR_WRITES_TIMEOUT_MS,
    );
    return { watchlistId };
  }
}
