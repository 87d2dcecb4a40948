import { status } from '@grpc/grpc-js';
import { assertUnreachable, ErrorCode } from '@sightline/contracts';

/** How a domain error code reads to a gRPC client. */
export function grpcStatusFor(code: ErrorCode): status {
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
