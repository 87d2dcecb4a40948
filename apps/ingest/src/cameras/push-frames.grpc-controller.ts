import { type sendUnaryData, type ServerReadableStream } from '@grpc/grpc-js';
import { Controller, Inject } from '@nestjs/common';
import { GrpcStreamCall } from '@nestjs/microservices';
import { toDomainError } from '@sightline/contracts';
import type { ingestV1 } from '@sightline/proto';
import { grpcStatusFor, principalOf, RequiresAccess } from '@sightline/service-kit';
import { fromWireTimestamp } from './camera-wire';
import { PushFramesUseCase, type PushFramesResult } from './push-frames.usecase';

/** sightline.ingest.v1.IngestService: partners stream frames in, one answer at the end. */
@Controller()
export class PushFramesGrpcController {
  constructor(@Inject(PushFramesUseCase) private readonly pushFrames: PushFramesUseCase) {}

  /**
   * Reads the call itself (not Nest's buffered Observable): one frame at a time, in stream order,
   * and gRPC flow control holds the client back while a frame is being validated and published,
   * so a fast partner cannot fill ingest's memory.
   */
  @GrpcStreamCall('IngestService', 'PushFrames')
  // Frames arrive after the guard has run: the session checks each frame's camera itself.
  @RequiresAccess('ingest.push', () => ({ narrowedToOwnCameras: true }))
  async push(
    call: ServerReadableStream<ingestV1.PushFramesRequest, PushFramesResult>,
    callback: sendUnaryData<PushFramesResult>,
  ): Promise<void> {
    const session = this.pushFrames.startSession(principalOf(call.metadata));
    try {
      for await (const request of call as AsyncIterable<ingestV1.PushFramesRequest>) {
        await session.push({
          cameraId: request.cameraId,
          image: Buffer.from(request.image ?? []),
          capturedAt: fromWireTimestamp(
            request.capturedAt as unknown as { seconds?: number; nanos?: number } | null,
          ),
        });
      }
    } catch (error) {
      // A raw stream call bypasses the service kit's filter, so it maps the code itself.
      const domain = toDomainError(error);
      callback({ code: grpcStatusFor(domain.code), details: `${domain.code}: ${domain.message}` });
      return;
    }
    callback(null, session.result());
  }
}
