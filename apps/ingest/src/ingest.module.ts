import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { CameraGrpcController } from './cameras/camera.grpc-controller';
import { CameraHealthReadiness } from './cameras/camera-health.readiness';
import { CameraRepository } from './cameras/camera.repository';
import { CameraSourceSupervisor } from './cameras/camera-source.supervisor';
import { CameraStatusBoard } from './cameras/camera-status.board';
import { CamerasHttpController } from './cameras/cameras.http-controller';
import { DownstreamLagMonitor } from './cameras/downstream-lag.monitor';
import { FfmpegProcessFactory } from './cameras/ffmpeg-process.factory';
import { FramePublisher } from './cameras/frame-publisher';
import { ImageValidator } from './cameras/image-validator';
import { IngestFrameUseCase } from './cameras/ingest-frame.usecase';
import { IngestMetrics } from './cameras/ingest-metrics';
import { PushFramesGrpcController } from './cameras/push-frames.grpc-controller';
import { PushFramesUseCase } from './cameras/push-frames.usecase';
import { QueryCamerasUseCase } from './cameras/query-cameras.usecase';
import { RawImageBodyMiddleware } from './cameras/raw-image-body.middleware';
import { RegisterCameraUseCase } from './cameras/register-camera.usecase';
import { RemoveCameraUseCase } from './cameras/remove-camera.usecase';

/** The ingest service: camera registry, ffmpeg sources, uploads and PushFrames into frames.v1. */
@Module({
  controllers: [CameraGrpcController, PushFramesGrpcController, CamerasHttpController],
  providers: [
    CameraRepository,
    CameraStatusBoard,
    CameraHealthReadiness,
    IngestMetrics,
    FfmpegProcessFactory,
    FramePublisher,
    ImageValidator,
    DownstreamLagMonitor,
    CameraSourceSupervisor,
    RegisterCameraUseCase,
    RemoveCameraUseCase,
    QueryCamerasUseCase,
    IngestFrameUseCase,
    PushFramesUseCase,
  ],
})
export class IngestModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RawImageBodyMiddleware)
      .forRoutes({ path: 'cameras/:id/frames', method: RequestMethod.POST });
  }
}
