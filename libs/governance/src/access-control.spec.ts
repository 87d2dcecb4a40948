import { ErrorCode } from '@sightline/contracts';
import {
  accessDecision,
  ACTIONS,
  authorise,
  can,
  ROLES,
  visibleCameras,
  type AccessResource,
  type Action,
  type Principal,
  type Role,
} from './access-control';
import { thrownDomainError } from './thrown.fixture';

/** The intended table, written out independently of the implementation. */
const GRANTED: Readonly<Record<Role, readonly Action[]>> = {
  admin: ['gallery.remove', 'watchlists.manage', 'cameras.manage', 'cameras.read', 'gallery.read'],
  enroller: ['gallery.enrol', 'gallery.remove', 'gallery.read'],
  reviewer: ['alerts.review', 'alerts.stream', 'alerts.list', 'sightings.query'],
  auditor: ['audit.read', 'alerts.list', 'gallery.read'],
  partner: ['ingest.push', 'alerts.stream', 'cameras.read'],
};

const everyPair = ROLES.flatMap((role) =>
  ACTIONS.map((action) => ({ role, action, granted: GRANTED[role].includes(action) })),
);

function principalFor(role: Role): Principal {
  return role === 'partner'
    ? { subject: 'partner-acme', role, cameraIds: ['cam-acme-1'] }
    : { subject: `${role}-1`, role };
}

describe('access control', () => {
  it.each(everyPair)('can($role, $action) → $granted', ({ role, action, granted }) => {
    expect(can(role, action)).toBe(granted);
  });

  it.each(everyPair)(
    'authorise $role for $action on its own camera → allowed $granted',
    ({ role, action, granted }) => {
      const principal = principalFor(role);
      const resource = { cameraId: 'cam-acme-1' };

      if (granted) {
        expect(authorise(principal, action, resource)).toEqual({ kind: 'allow' });
      } else {
        const error = thrownDomainError(() => authorise(principal, action, resource));
        expect(error.code).toBe(ErrorCode.PermissionDenied);
        expect(error.details.action).toBe(action);
      }
    },
  );

  it.each<[string, Action, AccessResource | undefined, boolean]>([
    ['stream from its own camera', 'alerts.stream', { cameraId: 'cam-acme-1' }, true],
    ['push into its own camera', 'ingest.push', { cameraId: 'cam-acme-1' }, true],
    ["stream another partner's camera", 'alerts.stream', { cameraId: 'cam-other' }, false],
    ["push into another partner's camera", 'ingest.push', { cameraId: 'cam-other' }, false],
    ['stream with no camera named', 'alerts.stream', undefined, false],
    ['push with no camera named', 'ingest.push', {}, false],
    [
      'stream what the handler narrows to its cameras',
      'alerts.stream',
      { narrowedToOwnCameras: true },
      true,
    ],
    [
      'list the cameras the handler narrows to its own',
      'cameras.read',
      { narrowedToOwnCameras: true },
      true,
    ],
    [
      "read another partner's camera even in a narrowed handler",
      'cameras.read',
      { cameraId: 'cam-other', narrowedToOwnCameras: true },
      false,
    ],
    ['manage cameras, even its own', 'cameras.manage', { cameraId: 'cam-acme-1' }, false],
  ])('a partner may %s → %s', (_case, action, resource, allowed) => {
    expect(accessDecision(principalFor('partner'), action, resource).kind).toBe(
      allowed ? 'allow' : 'deny',
    );
  });

  it('shows a partner only its own cameras and every other role all of them', () => {
    expect(visibleCameras(principalFor('partner'))).toEqual(['cam-acme-1']);
    expect(visibleCameras(principalFor('reviewer'))).toBe('all');
  });

  it('ignores camera scope for roles that are not partners', () => {
    expect(authorise(principalFor('reviewer'), 'alerts.stream')).toEqual({ kind: 'allow' });
  });

  it.each(ACTIONS)('refuses %s without a principal as Unauthenticated', (action) => {
    expect(thrownDomainError(() => authorise(undefined, action)).code).toBe(
      ErrorCode.Unauthenticated,
    );
  });

  it('keeps separation of duties: nobody both enrols and reviews, reviewers never read the audit', () => {
    for (const role of ROLES) {
      expect(can(role, 'gallery.enrol') && can(role, 'alerts.review')).toBe(false);
      expect(can(role, 'alerts.review') && can(role, 'audit.read')).toBe(false);
    }
  });
});
