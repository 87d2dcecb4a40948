import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@sightline/service-kit';
import type { Camera } from './camera';
import { CameraRepository } from './camera.repository';
import { CameraSourceSupervisor } from './camera-source.supervisor';
import { validateCamera, type CameraInput } from './camera-validation';

/** Creates or replaces a camera by id, then (re)starts its source. */
@Injectable()
export class RegisterCameraUseCase {
  constructor(
    @Inject(CameraRepository) private readonly cameras: Pick<CameraRepository, 'findById' | 'save'>,
    @Inject(CameraSourceSupervisor) private readonly sources: Pick<CameraSourceSupervisor, 'apply'>,
    @Inject(Clock) private readonly clock: Pick<Clock, 'now'>,
  ) {}

  async execute(input: CameraInput): Promise<{ camera: Camera; created: boolean }> {
    const spec = validateCamera(input);
    const existing = await this.cameras.findById(spec.id);
    const camera: Camera = {
      ...spec,
      createdAt: existing?.createdAt ?? this.clock.now().toISOString(),
    };
    await this.cameras.save(camera);
    await this.sources.apply(camera);
    return { camera, created: existing === null };
  }
}
