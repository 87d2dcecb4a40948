import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import type { SubjectListing } from './gallery-listing.entity';
import { afterIdOf, pageOf, pageSizeOf, type Page, type PageRequest } from './listing-page';
import { SubjectListingRepository } from './subject-listing.repository';

export interface ListSubjectsCommand extends PageRequest {
  readonly watchlistId: string;
  readonly includeRemoved?: boolean;
}

/** The subjects of one watchlist from the listing read model. */
@Injectable()
export class ListSubjectsUseCase {
  constructor(
    @Inject(SubjectListingRepository) private readonly subjects: SubjectListingRepository,
  ) {}

  async execute(command: ListSubjectsCommand): Promise<Page<SubjectListing>> {
    if (!command.watchlistId) {
      throw new DomainError(ErrorCode.InvalidArgument, 'watchlist_id is required', {
        field: 'watchlist_id',
      });
    }
    const size = pageSizeOf(command.pageSize);
    const rows = await this.subjects.page({
      watchlistId: command.watchlistId,
      afterSubjectId: afterIdOf(command.pageToken),
      limit: size + 1,
      includeRemoved: command.includeRemoved ?? false,
    });
    return pageOf(rows, size, (row) => row.subjectId);
  }
}
