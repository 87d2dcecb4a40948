import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@sightline/contracts';
import type { ProjectEvidenceCommand } from './project-evidence.command';
import { ProjectEvidenceUseCase } from './project-evidence.usecase';

@Controller()
export class EvidenceHandler {
  constructor(
    @Inject(ProjectEvidenceUseCase) private readonly projectEvidence: ProjectEvidenceUseCase,
  ) {}

  @EventPattern(TOPICS.evidence.name)
  async onEvidenceCaptured(@Payload() event: ProjectEvidenceCommand): Promise<void> {
    await this.projectEvidence.execute(event);
  }
}
