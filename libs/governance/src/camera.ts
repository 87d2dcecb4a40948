/** Kinds of place a camera can look at. */
export const ZONE_KINDS = [
  'public-space',
  'transport',
  'retail',
  'private-site',
  'worship',
  'clinic',
  'protest',
] as const;

export type ZoneKind = (typeof ZONE_KINDS)[number];

export interface Camera {
  readonly cameraId: string;
  readonly zoneId: string;
  readonly zoneKind: ZoneKind;
  /** Set by an operator for a camera that must never identify, whatever its zone. */
  readonly sensitive: boolean;
}
