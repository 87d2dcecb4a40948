import { assertUnreachable, ErrorCode } from '@sightline/contracts';

export type FailureDecision = 'retry' | 'dead-letter';

/**
 * Whether trying the same message again can help. Bad input never gets better, so it is
 * dead-lettered at once; a missing dependency or an unknown bug is worth the retry budget.
 */
export function failureDecisionFor(code: ErrorCode): FailureDecision {
  switch (code) {
    case ErrorCode.MalformedEnvelope:
    case ErrorCode.UnknownEventType:
    case ErrorCode.UnsupportedEventVersion:
    case ErrorCode.InvalidPayload:
    case ErrorCode.InvalidArgument:
    case ErrorCode.NotFound:
    case ErrorCode.Conflict:
    case ErrorCode.Unauthenticated:
    case ErrorCode.PermissionDenied:
    case ErrorCode.PolicyRefused:
      return 'dead-letter';
    case ErrorCode.DependencyUnavailable:
    case ErrorCode.Internal:
      return 'retry';
    default:
      return assertUnreachable(code);
  }
}
