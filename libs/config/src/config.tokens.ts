/** Injection token for the validated SightlineConfig. */
export const SIGHTLINE_CONFIG = Symbol('SIGHTLINE_CONFIG');
