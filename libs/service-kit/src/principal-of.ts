import type { Metadata } from '@grpc/grpc-js';
import { DomainError, ErrorCode } from '@sightline/contracts';
import type { AuthenticatedPrincipal } from './token-verifier';

// Keyed by the call's own objects, so a principal lives exactly as long as its call.
const principals = new WeakMap<object, AuthenticatedPrincipal>();

/** Called by AccessGuard once the token verified and the action is allowed. */
export function bindPrincipal(carrier: object, principal: AuthenticatedPrincipal): void {
  principals.set(carrier, principal);
}

/**
 * The verified principal of a gRPC call, from the Metadata its handler receives (for a
 * client-streaming call: `call.metadata`). Throws Unauthenticated when the guard did not run,
 * which only a handler without @RequiresAccess could see.
 */
export function principalOf(metadata: Metadata): AuthenticatedPrincipal {
  return principalOfCarrier(metadata);
}

/** The verified principal of an HTTP request (the Express request object). */
export function principalOfRequest(request: object): AuthenticatedPrincipal {
  return principalOfCarrier(request);
}

/** The principal bound to a call's carrier, or undefined for a public or event handler. */
export function principalOfCarrierOrUndefined(carrier: object): AuthenticatedPrincipal | undefined {
  return principals.get(carrier);
}

function principalOfCarrier(carrier: object): AuthenticatedPrincipal {
  const principal = principals.get(carrier);
  if (!principal) {
    throw new DomainError(ErrorCode.Unauthenticated, 'this call carries no verified principal');
  }
  return principal;
}
