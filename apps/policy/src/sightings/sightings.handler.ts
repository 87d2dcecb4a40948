import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@sightline/contracts';
import type { ProjectSightingCommand } from './project-sighting.command';
import { ProjectSightingUseCase } from './project-sighting.usecase';

@Controller()
export class SightingsHandler {
  constructor(
    @Inject(ProjectSightingUseCase) private readonly projectSighting: ProjectSightingUseCase,
  ) {}

  @EventPattern(TOPICS.sightings.name)
  async onSightingRecorded(@Payload() event: ProjectSightingCommand): Promise<void> {
    await this.projectSighting.execute(event);
  }
}
