import {
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { toHttpException } from './http-error';
import { IngestFrameUseCase } from './ingest-frame.usecase';
import { QueryCamerasUseCase, type CameraView } from './query-cameras.usecase';

/**
 * HTTP face of ingest: frame upload for partners, and every camera with its live status, so a
 * failing camera is visible without failing /readyz (it is one camera, not the service).
 */
@Controller('cameras')
export class CamerasHttpController {
  constructor(
    @Inject(IngestFrameUseCase) private readonly ingestFrame: IngestFrameUseCase,
    @Inject(QueryCamerasUseCase) private readonly queryCameras: QueryCamerasUseCase,
  ) {}

  @Get()
  async list(): Promise<{ cameras: CameraView[] }> {
    try {
      return { cameras: await this.queryCameras.list() };
    } catch (error) {
      throw toHttpException(error);
    }
  }

  @Get(':id')
  async get(@Param('id') cameraId: string): Promise<CameraView> {
    try {
      return await this.queryCameras.get(cameraId);
    } catch (error) {
      throw toHttpException(error);
    }
  }

  /** Body: the raw JPEG or PNG (Content-Type image/jpeg or image/png). 202 {frameId} once published. */
  @Post(':id/frames')
  @HttpCode(HttpStatus.ACCEPTED)
  async upload(
    @Param('id') cameraId: string,
    @Req() request: Request,
  ): Promise<{ frameId: string }> {
    const body: unknown = request.body;
    if (!Buffer.isBuffer(body)) {
      throw new HttpException(
        {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message:
            'send the image as the raw request body with Content-Type image/jpeg or image/png',
        },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    let result;
    try {
      const camera = await this.ingestFrame.findCamera(cameraId);
      result = await this.ingestFrame.execute(camera, { image: body, source: 'upload' });
    } catch (error) {
      throw toHttpException(error);
    }
    if (result.outcome === 'dropped_backpressure') {
      throw new HttpException(
        {
          code: 'BACKPRESSURE',
          message: `the mesh lags behind on camera ${cameraId}; retry later`,
        },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    return { frameId: result.frameId };
  }
}
