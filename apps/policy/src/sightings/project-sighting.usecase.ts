import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@sightline/service-kit';
import type { Sighting } from './sighting.entity';
import { SightingRepository } from './sighting.repository';
import type { ProjectSightingCommand } from './project-sighting.command';

export type ProjectionResult = 'applied' | 'already-applied';

/**
 * Adds one sighting to the read model. Idempotent by track: a redelivered or re-emitted event
 * finds the row and changes nothing, so the projection can be rebuilt by replaying the topic.
 */
@Injectable()
export class ProjectSightingUseCase {
  constructor(
    @Inject(SightingRepository) private readonly sightings: SightingRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(command: ProjectSightingCommand): Promise<ProjectionResult> {
    const { payload } = command;
    const match = payload.match;
    const sighting: Sighting = {
      id: `${payload.cameraId}:${payload.trackId}`,
      eventId: command.id,
      cameraId: payload.cameraId,
      trackId: payload.trackId,
      firstSeenAt: new Date(payload.firstSeenAt),
      lastSeenAt: new Date(payload.lastSeenAt),
      facesSeen: payload.facesSeen,
      bestQuality: payload.bestQuality,
      matchStatus: match.status,
      ...(match.status === 'matched'
        ? { watchlistId: match.watchlistId, subjectId: match.subjectId, score: match.score }
        : {}),
      recordedAt: this.clock.now(),
    };
    return (await this.sightings.insertIfAbsent(sighting)) ? 'applied' : 'already-applied';
  }
}
