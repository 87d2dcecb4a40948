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
import { visibleCameras } from '@sightline/governance';
import { principalOfRequest, RequiresAccess } from '@sightline/service-kit';
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
  @RequiresAccess('cameras.read', () => ({ narrowedToOwnCameras: true }))
  async list(@Req() request: Request): Promise<{ cameras: CameraView[] }> {
    const visible = visibleCameras(principalOfRequest(request));
    try {
      const views = await this.queryCameras.list();
      return {
        cameras: views.filter((view) => visible === 'all' || visible.includes(view.camera.id)),
      };
    } catch (error) {
      throw toHttpException(error);
    }
  }

  @Get(':id')
  @RequiresAccess('cameras.read', cameraOfRoute)
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
  @RequiresAccess('ingest.push', cameraOfRoute)
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

/** The camera an HTTP request is about: the `:id` of its route. */
function cameraOfRoute(request: unknown): { cameraId?: string } {
  const id: unknown = (request as Request).params['id'];
  return { cameraId: typeof id === 'string' ? id : undefined };
}
