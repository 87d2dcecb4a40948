import { SetMetadata } from '@nestjs/common';
import type { AccessResource, Action } from '@sightline/governance';

export const REQUIRES_ACCESS = Symbol('sightline:requires-access');
export const PUBLIC_ENDPOINT = Symbol('sightline:public-endpoint');

export interface AccessRequirement {
  readonly action: Action;
  /**
   * Which camera the request is about, from the gRPC request message or the Express request of an
   * HTTP handler. A client-streaming call passes undefined: its messages arrive after the check,
   * so such a handler declares `narrowedToOwnCameras` and checks each message itself.
   */
  readonly resourceOf?: (request: unknown) => AccessResource;
}

/**
 * The action a gRPC or HTTP handler performs. The global AccessGuard refuses every handler that
 * declares neither this nor @PublicEndpoint(), so a new endpoint is closed until someone decides.
 */
export function RequiresAccess(
  action: Action,
  resourceOf?: (request: unknown) => AccessResource,
): MethodDecorator {
  const requirement: AccessRequirement = resourceOf ? { action, resourceOf } : { action };
  return SetMetadata(REQUIRES_ACCESS, requirement);
}

/** Open to anyone without a token: only probes and metrics, which reveal nothing about people. */
export function PublicEndpoint(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_ENDPOINT, true);
}
