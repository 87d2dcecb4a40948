import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@sightline/service-kit';
import { EvidenceMetrics } from './evidence-metrics';
import { EvidenceRepository } from './evidence.repository';
import type { ProjectEvidenceCommand } from './project-evidence.command';

export type EvidenceResult = 'stored' | 'already-stored';

/** Keeps a matched face's crop for review. Idempotent by evidenceId: a redelivery stores nothing. */
@Injectable()
export class ProjectEvidenceUseCase {
  constructor(
    @Inject(EvidenceRepository) private readonly evidence: EvidenceRepository,
    @Inject(EvidenceMetrics) private readonly metrics: EvidenceMetrics,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(command: ProjectEvidenceCommand): Promise<EvidenceResult> {
    const { payload } = command;
    const inserted = await this.evidence.insertIfAbsent({
      id: payload.evidenceId,
      cameraId: payload.cameraId,
      trackId: payload.trackId,
      faceId: payload.faceId,
      capturedAt: new Date(payload.capturedAt),
      watchlistId: payload.watchlistId,
      subjectId: payload.subjectId,
      score: payload.score,
      alignedChip: payload.alignedChip,
      photoReference: payload.photoReference,
      storedAt: this.clock.now(),
    });
    if (!inserted) return 'already-stored';
    this.metrics.stored.inc();
    return 'stored';
  }
}
