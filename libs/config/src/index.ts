export { CONFIG_VARIABLES, type ConfigVariable, type ConfigVariableName } from './config-variables';
export { ConfigError } from './config-error';
export { loadConfig } from './load-config';
export { SIGHTLINE_CONFIG } from './config.tokens';
export type { KafkaConfig, LogLevel, RetryConfig, SightlineConfig } from './sightline-config';
