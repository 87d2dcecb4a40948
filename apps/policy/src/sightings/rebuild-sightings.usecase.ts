import { Inject, Injectable } from '@nestjs/common';
import { sightingRecorded } from '@sightline/contracts';
import { Clock } from '@sightline/service-kit';
import type { ProjectSightingCommand } from './project-sighting.command';
import { ProjectSightingUseCase } from './project-sighting.usecase';
import { compareProjections, type ProjectionDiff } from './projection-diff';
import type { SightingRepository } from './sighting.repository';
import { SightingsLogReader } from './sightings-log.reader';

export interface RebuildSightingsCommand {
  /** The projection the service maintains. */
  readonly live: SightingRepository;
  /** An empty projection (a fresh database) to rebuild into. */
  readonly target: SightingRepository;
  /** Consumer-group prefix of the throw-away reader group. */
  readonly groupPrefix: string;
  /** Compare only these cameras' rows (tests on a shared broker); all rows when absent. */
  readonly cameraIds?: readonly string[];
}

export interface RebuildReport {
  readonly messages: number;
  readonly undecodable: number;
  readonly applied: number;
  readonly duplicates: number;
  readonly diff: ProjectionDiff;
}

/**
 * Proves the sightings projection is a pure function of the log: replays sightings.v1 from the
 * beginning through the same projection code into an empty store and compares it, key by key,
 * with the live one. Alerts are not raised: a rebuild only re-derives the read model.
 */
@Injectable()
export class RebuildSightingsUseCase {
  constructor(
    @Inject(SightingsLogReader) private readonly log: SightingsLogReader,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(command: RebuildSightingsCommand): Promise<RebuildReport> {
    const project = new ProjectSightingUseCase(command.target, this.clock);
    let applied = 0;
    let duplicates = 0;
    const stats = await this.log.readAll(command.groupPrefix, async (event) => {
      if (event.type !== sightingRecorded.type) return;
      const result = await project.execute(event as ProjectSightingCommand);
      if (result === 'applied') applied += 1;
      else duplicates += 1;
    });
    const [live, rebuilt] = await Promise.all([
      command.live.findAllByCamera(command.cameraIds),
      command.target.findAllByCamera(command.cameraIds),
    ]);
    return { ...stats, applied, duplicates, diff: compareProjections(live, rebuilt) };
  }
}
