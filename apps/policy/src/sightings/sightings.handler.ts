import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@sightline/contracts';
import type { ProjectSightingCommand } from './project-sighting.command';
import { RecordSightingUseCase } from './record-sighting.usecase';

@Controller()
export class SightingsHandler {
  constructor(
    @Inject(RecordSightingUseCase) private readonly recordSighting: RecordSightingUseCase,
  ) {}

  @EventPattern(TOPICS.sightings.name)
  async onSightingRecorded(@Payload() event: ProjectSightingCommand): Promise<void> {
    await this.recordSighting.execute(event);
  }
}
