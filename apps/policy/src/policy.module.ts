import { Module } from '@nestjs/common';
import { ProjectSightingUseCase } from './sightings/project-sighting.usecase';
import { SightingRepository } from './sightings/sighting.repository';
import { SightingsHandler } from './sightings/sightings.handler';

@Module({
  controllers: [SightingsHandler],
  providers: [SightingRepository, ProjectSightingUseCase],
})
export class PolicyModule {}
