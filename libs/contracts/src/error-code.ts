/**
 * Every domain failure carries one of these codes. Each transport maps them exhaustively
 * (gRPC status, HTTP status, retry or dead-letter), so adding a code fails compilation until
 * every mapping has decided what it means.
 */
export enum ErrorCode {
  MalformedEnvelope = 'MALFORMED_ENVELOPE',
  UnknownEventType = 'UNKNOWN_EVENT_TYPE',
  UnsupportedEventVersion = 'UNSUPPORTED_EVENT_VERSION',
  InvalidPayload = 'INVALID_PAYLOAD',
  InvalidArgument = 'INVALID_ARGUMENT',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  Unauthenticated = 'UNAUTHENTICATED',
  PermissionDenied = 'PERMISSION_DENIED',
  PolicyRefused = 'POLICY_REFUSED',
  DependencyUnavailable = 'DEPENDENCY_UNAVAILABLE',
  Internal = 'INTERNAL',
}
