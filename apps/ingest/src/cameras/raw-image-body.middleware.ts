import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';

/** Content types the upload endpoint reads as raw bytes (the image itself is checked by its bytes). */
export const UPLOAD_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/octet-stream'];

/**
 * Reads an upload's raw body into a Buffer, up to INGEST_MAX_UPLOAD_BYTES. Nest's own parser only
 * reads JSON. A body over the limit is answered 413 here as JSON, like every other ingest error.
 */
@Injectable()
export class RawImageBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;
  private readonly limit: number;

  constructor(@Inject(SIGHTLINE_CONFIG) config: SightlineConfig) {
    this.limit = config.ingest.maxUploadBytes;
    this.parse = express.raw({ type: UPLOAD_CONTENT_TYPES, limit: this.limit });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    void this.parse(request, response, (error?: unknown) => {
      if (!error) {
        next();
        return;
      }
      const status = Number((error as { status?: unknown }).status) || 400;
      response.status(status).json({
        code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_ARGUMENT',
        message:
          status === 413
            ? `the image is larger than the ${this.limit} bytes allowed`
            : `cannot read the request body: ${(error as Error).message}`,
      });
    });
  }
}
