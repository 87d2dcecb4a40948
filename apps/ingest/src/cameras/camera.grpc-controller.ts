import type { Metadata } from '@grpc/grpc-js';
import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { visibleCameras } from '@sightline/governance';
import type { ingestV1 } from '@sightline/proto';
import { principalOf, RequiresAccess } from '@sightline/service-kit';
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
  @RequiresAccess('cameras.manage')
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
  @RequiresAccess('cameras.read', (request) => ({
    cameraId: (request as ingestV1.GetCameraRequest).id,
  }))
  async get(request: ingestV1.GetCameraRequest): Promise<{ camera: WireCamera }> {
    return { camera: toWireCamera(await this.queryCameras.get(request.id)) };
  }

  /** A partner sees only its own cameras; the admin sees them all. */
  @GrpcMethod('CameraService', 'ListCameras')
  @RequiresAccess('cameras.read', () => ({ narrowedToOwnCameras: true }))
  async list(
    _request: ingestV1.ListCamerasRequest,
    metadata: Metadata,
  ): Promise<{ cameras: WireCamera[] }> {
    const visible = visibleCameras(principalOf(metadata));
    const views = await this.queryCameras.list();
    return {
      cameras: views
        .filter((view) => visible === 'all' || visible.includes(view.camera.id))
        .map(toWireCamera),
    };
  }

  @GrpcMethod('CameraService', 'RemoveCamera')
  @RequiresAccess('cameras.manage')
  async remove(request: ingestV1.RemoveCameraRequest): Promise<{ id: string }> {
    await this.removeCamera.execute(request.id);
    return { id: request.id };
  }
}
