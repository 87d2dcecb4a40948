import { Inject, Injectable } from '@nestjs/common';
import type { WatchlistListing } from './gallery-listing.entity';
import { afterIdOf, pageOf, pageSizeOf, type Page, type PageRequest } from './listing-page';
import { SubjectListingRepository } from './subject-listing.repository';
import { WatchlistListingRepository } from './watchlist-listing.repository';

export interface ListWatchlistsCommand extends PageRequest {
  readonly includeExpired?: boolean;
}

export interface ListedWatchlist extends WatchlistListing {
  readonly enrolledSubjects: number;
}

/** Watchlists from the listing read model, with how many subjects each has enrolled now. */
@Injectable()
export class ListWatchlistsUseCase {
  constructor(
    @Inject(WatchlistListingRepository) private readonly watchlists: WatchlistListingRepository,
    @Inject(SubjectListingRepository) private readonly subjects: SubjectListingRepository,
  ) {}

  async execute(command: ListWatchlistsCommand): Promise<Page<ListedWatchlist>> {
    const size = pageSizeOf(command.pageSize);
    const rows = await this.watchlists.page({
      afterId: afterIdOf(command.pageToken),
      limit: size + 1,
      includeExpired: command.includeExpired ?? false,
    });
    const page = pageOf(rows, size, (row) => row.id);
    const counts = await this.subjects.enrolledCounts(page.items.map((item) => item.id));
    return {
      items: page.items.map((item) => ({ ...item, enrolledSubjects: counts.get(item.id) ?? 0 })),
      nextPageToken: page.nextPageToken,
    };
  }
}
