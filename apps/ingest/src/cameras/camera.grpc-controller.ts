import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { ingestV1 } from '@sightline/proto';
import { toWireCamera, type WireCamera } from './camera-wire';
import { CameraStatusBoard } from './camera-status.board';
import { QueryCamerasUseCase } from './query-cameras.usecase';
import { RegisterCameraUseCase } from './register-camera.usecase';
import { RemoveCameraUseCase } from './remove-camera.usecase';

/** sightline.ingest.v1.CameraService: thin handlers over the camera use cases. */
@Controller()
export class CameraGrpcController {
  constructor(
    @Inject(RegisterCameraUseCase) private readonly registerCamera: RegisterCameraUseCase,
    @Inject(RemoveCameraUseCase) private readonly removeCamera: RemoveCameraUseCase,
    @Inject(QueryCamerasUseCase) private readonly queryCameras: QueryCamerasUseCase,
    @Inject(CameraStatusBoard) private readonly board: CameraStatusBoard,
  ) {}

  @GrpcMethod('CameraService', 'RegisterCamera')
  async register(
    request: ingestV1.RegisterCameraRequest,
  ): Promise<{ camera: WireCamera; created: boolean }> {
    const { camera, created } = await this.registerCamera.execute({
      id: request.id,
      name: request.name,
      zone: request.zone,
      sensitive: request.sensitive,
      samplingFps: request.samplingFps,
      sourceUri: request.sourceUri,
      loop: request.loop,
      // proto3 `optional`: null/undefined when the client did not set it.
      realtime: request.realtime ?? undefined,
    });
    return { camera: toWireCamera({ camera, status: this.board.get(camera.id) }), created };
  }

  @GrpcMethod('CameraService', 'GetCamera')
  async get(request: ingestV1.GetCameraRequest): Promise<{ camera: WireCamera }> {
    return { camera: toWireCamera(await this.queryCameras.get(request.id)) };
  }

  @GrpcMethod('CameraService', 'ListCameras')
  async list(_request: ingestV1.ListCamerasRequest): Promise<{ cameras: WireCamera[] }> {
    return { cameras: (await this.queryCameras.list()).map(toWireCamera) };
  }

  @GrpcMethod('CameraService', 'RemoveCamera')
  async remove(request: ingestV1.RemoveCameraRequest): Promise<{ id: string }> {
    await this.removeCamera.execute(request.id);
    return { id: request.id };
  }
}
