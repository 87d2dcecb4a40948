import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@sightline/contracts';
import type { Camera } from './camera';
import { CameraRepository } from './camera.repository';
import type { CameraStatus } from './camera-status';
import { CameraStatusBoard } from './camera-status.board';

/** A camera as the APIs show it: the registry's record and this replica's live status. */
export interface CameraView {
  readonly camera: Camera;
  readonly status: CameraStatus;
}

/** Reads the registry and joins each camera with its live status. */
@Injectable()
export class QueryCamerasUseCase {
  constructor(
    @Inject(CameraRepository)
    private readonly cameras: Pick<CameraRepository, 'findById' | 'findAll'>,
    @Inject(CameraStatusBoard) private readonly board: Pick<CameraStatusBoard, 'get'>,
  ) {}

  async get(cameraId: string): Promise<CameraView> {
    const camera = await this.cameras.findById(cameraId);
    if (!camera) {
      throw new DomainError(ErrorCode.NotFound, `camera ${cameraId} does not exist`, { cameraId });
    }
    return { camera, status: this.board.get(camera.id) };
  }

  async list(): Promise<CameraView[]> {
    const cameras = await this.cameras.findAll();
    return cameras.map((camera) => ({ camera, status: this.board.get(camera.id) }));
  }
}
