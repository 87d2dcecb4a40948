import { CONFIG_VARIABLES } from './config-variables';
import type { DetectionConfig } from './sightline-config';

/**
 * detect's detector settings when nothing overrides them: for tests and benchmarks that must run
 * what the service runs without a whole environment to validate.
 */
export function detectionDefaults(): DetectionConfig {
  return {
    minFacePx: CONFIG_VARIABLES.DETECT_MIN_FACE_PX.schema.parse(undefined) as number,
    maxInputSide: CONFIG_VARIABLES.DETECT_MAX_INPUT_SIDE.schema.parse(undefined) as number,
  };
}
