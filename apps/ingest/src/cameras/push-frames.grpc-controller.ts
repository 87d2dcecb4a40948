import { type sendUnaryData, type ServerReadableStream, status } from '@grpc/grpc-js';
import { Controller, Inject } from '@nestjs/common';
import { GrpcStreamCall } from '@nestjs/microservices';
import { assertUnreachable, ErrorCode, toDomainError } from '@sightline/contracts';
import type { ingestV1 } from '@sightline/proto';
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
  async push(
    call: ServerReadableStream<ingestV1.PushFramesRequest, PushFramesResult>,
    callback: sendUnaryData<PushFramesResult>,
  ): Promise<void> {
    const session = this.pushFrames.startSession();
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
      const domain = toDomainError(error);
      callback({ code: grpcCodeFor(domain.code), details: `${domain.code}: ${domain.message}` });
      return;
    }
    callback(null, session.result());
  }
}

/** The same mapping as the service kit's gRPC filter, which a raw stream call bypasses. */
function grpcCodeFor(code: ErrorCode): status {
  switch (code) {
    case ErrorCode.MalformedEnvelope:
    case ErrorCode.UnknownEventType:
    case ErrorCode.UnsupportedEventVersion:
    case ErrorCode.InvalidPayload:
    case ErrorCode.InvalidArgument:
      return status.INVALID_ARGUMENT;
    case ErrorCode.NotFound:
      return status.NOT_FOUND;
    case ErrorCode.Conflict:
      return status.ALREADY_EXISTS;
    case ErrorCode.Unauthenticated:
      return status.UNAUTHENTICATED;
    case ErrorCode.PermissionDenied:
      return status.PERMISSION_DENIED;
    case ErrorCode.PolicyRefused:
      return status.FAILED_PRECONDITION;
    case ErrorCode.DependencyUnavailable:
      return status.UNAVAILABLE;
    case ErrorCode.Internal:
      return status.INTERNAL;
    default:
      return assertUnreachable(code);
  }
}
