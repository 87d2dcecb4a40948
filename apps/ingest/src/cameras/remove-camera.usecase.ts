import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { CameraRepository } from './camera.repository';
import { CameraSourceSupervisor } from './camera-source.supervisor';

/** Stops a camera's source and deletes it from the registry. */
@Injectable()
export class RemoveCameraUseCase {
  constructor(
    @Inject(CameraRepository) private readonly cameras: Pick<CameraRepository, 'deleteById'>,
    @Inject(CameraSourceSupervisor)
    private readonly sources: Pick<CameraSourceSupervisor, 'remove'>,
  ) {}

  async execute(cameraId: string): Promise<void> {
    // Stop first: a source must not publish frames of a camera that no longer exists.
    await this.sources.remove(cameraId);
    if (!(await this.cameras.deleteById(cameraId))) {
      throw new DomainError(ErrorCode.NotFound, `camera ${cameraId} does not exist`, { cameraId });
    }
  }
}
