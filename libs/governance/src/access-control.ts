import { DomainError, ErrorCode } from '@sightline/contracts';

export const ROLES = ['admin', 'enroller', 'reviewer', 'auditor', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  'gallery.enrol',
  'gallery.remove',
  'watchlists.manage',
  'alerts.review',
  'alerts.stream',
  'sightings.query',
  'audit.read',
  'ingest.push',
  'cameras.manage',
  'cameras.read',
  'gallery.read',
  'alerts.list',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Least privilege with separation of duties: those who put people on lists do not review their
 * alerts, those who review do not read the audit that watches them, and the admin configures the
 * system but never sees who was identified. Typed as a total Record so a new role must be decided.
 */
const PERMISSIONS: Readonly<Record<Role, readonly Action[]>> = {
  admin: ['gallery.remove', 'watchlists.manage', 'cameras.manage', 'cameras.read', 'gallery.read'],
  enroller: ['gallery.enrol', 'gallery.remove', 'gallery.read'],
  reviewer: ['alerts.review', 'alerts.stream', 'alerts.list', 'sightings.query'],
  // Oversight: the auditor sees which alerts exist and how large the gallery is, never live faces.
  auditor: ['audit.read', 'alerts.list', 'gallery.read'],
  partner: ['ingest.push', 'alerts.stream', 'cameras.read'],
};

export type Principal =
  | { readonly subject: string; readonly role: Exclude<Role, 'partner'> }
  | { readonly subject: string; readonly role: 'partner'; readonly cameraIds: readonly string[] };

export interface AccessResource {
  readonly cameraId?: string;
  /**
   * The handler itself narrows what it answers to the principal's own cameras (a partner's camera
   * list or alert stream), so an unscoped partner request is allowed instead of refused.
   */
  readonly narrowedToOwnCameras?: boolean;
}

export type AccessDecision =
  | { readonly kind: 'allow' }
  | { readonly kind: 'deny'; readonly code: ErrorCode; readonly reason: string };

export function can(role: Role, action: Action): boolean {
  return PERMISSIONS[role].includes(action);
}

/** The decision as a value, for callers that audit refusals before reporting them. */
export function accessDecision(
  principal: Principal | undefined,
  action: Action,
  resource: AccessResource = {},
): AccessDecision {
  if (principal === undefined) {
    return {
      kind: 'deny',
      code: ErrorCode.Unauthenticated,
      reason: `${action} needs an authenticated principal`,
    };
  }
  if (!can(principal.role, action)) {
    return {
      kind: 'deny',
      code: ErrorCode.PermissionDenied,
      reason: `role ${principal.role} may not ${action}`,
    };
  }
  // A partner sees only what its own cameras produce, so an unscoped request is refused outright.
  if (principal.role === 'partner') {
    const { cameraId } = resource;
    const scoped =
      cameraId === undefined
        ? resource.narrowedToOwnCameras === true
        : principal.cameraIds.includes(cameraId);
    if (!scoped) {
      return {
        kind: 'deny',
        code: ErrorCode.PermissionDenied,
        reason: `partner ${principal.subject} may ${action} only for its own cameras`,
      };
    }
  }
  return { kind: 'allow' };
}

/** The cameras whose data a principal may see: every camera, or only a partner's own. */
export function visibleCameras(principal: Principal): 'all' | readonly string[] {
  return principal.role === 'partner' ? principal.cameraIds : 'all';
}

/** Allows or throws DomainError(Unauthenticated | PermissionDenied). */
export function authorise(
  principal: Principal | undefined,
  action: Action,
  resource?: AccessResource,
): { readonly kind: 'allow' } {
  const decision = accessDecision(principal, action, resource);
  if (decision.kind === 'deny') {
    throw new DomainError(decision.code, decision.reason, { action });
  }
  return decision;
}
