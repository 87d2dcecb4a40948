import { assertUnreachable } from '@sightline/contracts';
import type { Camera, ZoneKind } from './camera';

export type CameraSuppressionReason = 'restricted-place' | 'sensitive-camera';

/**
 * Places where identifying people would chill fundamental rights (religion, health, assembly).
 * No configuration can switch identification on there.
 */
export function isRestrictedPlace(kind: ZoneKind): boolean {
  switch (kind) {
    case 'worship':
    case 'clinic':
    case 'protest':
      return true;
    case 'public-space':
    case 'transport':
    case 'retail':
    case 'private-site':
      return false;
    default:
      return assertUnreachable(kind);
  }
}

/**
 * Why a camera may not identify anyone, or undefined when it may. The place is checked before the
 * flag because it is the stronger statement: it holds even if someone clears the flag.
 */
export function cameraSuppression(camera: Camera): CameraSuppressionReason | undefined {
  if (isRestrictedPlace(camera.zoneKind)) return 'restricted-place';
  if (camera.sensitive) return 'sensitive-camera';
  return undefined;
}

/** Gate for the embed and match stages: a camera that fails it never produces a template. */
export function mayIdentifyAt(camera: Camera): boolean {
  return cameraSuppression(camera) === undefined;
}
