import { HttpException, HttpStatus } from '@nestjs/common';
import { assertUnreachable, ErrorCode, toDomainError } from '@sightline/contracts';

/** How a domain error code reads to an HTTP client. */
export function httpStatusFor(code: ErrorCode): HttpStatus {
  switch (code) {
    case ErrorCode.MalformedEnvelope:
    case ErrorCode.UnknownEventType:
    case ErrorCode.UnsupportedEventVersion:
    case ErrorCode.InvalidPayload:
    case ErrorCode.InvalidArgument:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
      return HttpStatus.CONFLICT;
    case ErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.PermissionDenied:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.PolicyRefused:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.DependencyUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return assertUnreachable(code);
  }
}

/** A domain error as an HTTP answer with the body {code, message}. */
export function toHttpException(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  const domain = toDomainError(error);
  return new HttpException(
    { code: domain.code, message: domain.message },
    httpStatusFor(domain.code),
    { cause: error },
  );
}
