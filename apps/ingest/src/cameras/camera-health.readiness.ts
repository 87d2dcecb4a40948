import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ReadinessService, type CheckResult } from '@sightline/service-kit';
import type { CameraStatus } from './camera-status';
import { CameraStatusBoard } from './camera-status.board';

/**
 * Each camera's health in /readyz (and the gRPC health check), always ok: a broken camera is one
 * camera, and failing readiness for it would take every other camera of the replica offline.
 */
export function cameraHealthCheck(
  statuses: ReadonlyMap<string, CameraStatus>,
): Omit<CheckResult, 'name'> {
  const cameras = [...statuses]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, s]) => {
      const parts = [
        s.state,
        `${s.consecutiveFailures} consecutive failures`,
        s.lastFrameAt ? `last frame at ${s.lastFrameAt}` : 'no frame yet',
      ];
      if (s.lastError) parts.push(`last error: ${s.lastError}`);
      return `${id}: ${parts.join(', ')}`;
    });
  return { ok: true, detail: cameras.length > 0 ? cameras.join('; ') : 'no cameras' };
}

@Injectable()
export class CameraHealthReadiness implements OnModuleInit {
  constructor(
    @Inject(ReadinessService) private readonly readiness: ReadinessService,
    @Inject(CameraStatusBoard) private readonly board: CameraStatusBoard,
  ) {}

  onModuleInit(): void {
    this.readiness.register('cameras', () => cameraHealthCheck(this.board.all()));
  }
}
