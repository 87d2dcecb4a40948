import { status } from '@grpc/grpc-js';
import { ErrorCode } from '@sightline/contracts';
import { grpcStatusFor } from './grpc-status';

describe('grpcStatusFor', () => {
  it.each(Object.values(ErrorCode))('maps %s to a gRPC status other than OK', (code) => {
    expect(grpcStatusFor(code)).not.toBe(status.OK);
  });

  it('keeps the distinctions clients act on', () => {
    expect(grpcStatusFor(ErrorCode.Unauthenticated)).toBe(status.UNAUTHENTICATED);
    expect(grpcStatusFor(ErrorCode.PermissionDenied)).toBe(status.PERMISSION_DENIED);
    expect(grpcStatusFor(ErrorCode.PolicyRefused)).toBe(status.FAILED_PRECONDITION);
    expect(grpcStatusFor(ErrorCode.DependencyUnavailable)).toBe(status.UNAVAILABLE);
  });
});
