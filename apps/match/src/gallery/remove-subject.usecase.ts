import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, newEnvelope, subjectRemoved, TOPICS } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { READ_YOUR_WRITES_TIMEOUT_MS } from './create-watchlist.usecase';
import { GalleryState } from './gallery-state';

export interface RemoveSubjectCommand {
  readonly watchlistId: string;
  readonly subjectId: string;
  readonly removedBy: string;
  readonly reason: string;
}

/** Takes a person out of a watchlist; once applied, none of their templates can match. */
@Injectable()
export class RemoveSubjectUseCase {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(GalleryState) private readonly gallery: GalleryState,
  ) {}

  async execute(command: RemoveSubjectCommand): Promise<void> {
    const missing = (['watchlistId', 'subjectId', 'removedBy', 'reason'] as const).filter(
      (field) => command[field].trim() === '',
    );
    if (missing.length > 0) {
      throw new DomainError(ErrorCode.InvalidArgument, `missing: ${missing.join(', ')}`);
    }
    const { watchlistId, subjectId } = command;
    if (!this.gallery.watchlist(watchlistId)?.subjects.has(subjectId)) {
      throw new DomainError(
        ErrorCode.NotFound,
        `subject ${subjectId} is not enrolled in watchlist ${watchlistId}`,
        { watchlistId, subjectId },
      );
    }
    await this.publisher.publish(TOPICS.galleries, [
      newEnvelope(
        subjectRemoved,
        {
          watchlistId,
          subjectId,
          removedBy: command.removedBy.trim(),
          reason: command.reason.trim(),
        },
        { source: 'match' },
      ),
    ]);
    await this.gallery.awaitApplied(
      () => !this.gallery.watchlist(watchlistId)?.subjects.has(subjectId),
      READ_YOUR_WRITES_TIMEOUT_MS,
    );
  }
}
