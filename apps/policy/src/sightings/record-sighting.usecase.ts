import { Inject, Injectable } from '@nestjs/common';
import { assertUnreachable } from '@sightline/contracts';
import { MatchedSightingListener, type MatchedSighting } from './matched-sighting.listener';
import type { ProjectSightingCommand } from './project-sighting.command';
import { ProjectSightingUseCase, type ProjectionResult } from './project-sighting.usecase';

/**
 * Everything policy does with one sightings.v1 event: project it, then hand a match on to the
 * listener. The listener runs on every delivery, not only when the row was new: a crash between
 * projecting and raising must still raise on redelivery, and the listener is idempotent itself.
 */
@Injectable()
export class RecordSightingUseCase {
  constructor(
    @Inject(ProjectSightingUseCase) private readonly project: ProjectSightingUseCase,
    @Inject(MatchedSightingListener) private readonly matched: MatchedSightingListener,
  ) {}

  async execute(command: ProjectSightingCommand): Promise<ProjectionResult> {
    const result = await this.project.execute(command);
    const match = command.payload.match;
    switch (match.status) {
      case 'matched':
        await this.matched.onMatchedSighting(command as MatchedSighting);
        break;
      case 'none':
      case 'not-attempted':
        break;
      default:
        return assertUnreachable(match);
    }
    return result;
  }
}
