export { CONFIG_VARIABLES, type ConfigVariable, type ConfigVariableName } from './config-variables';
export { ConfigError } from './config-error';
export { detectionDefaults } from './detection-defaults';
export { loadConfig, operatorToken } from './load-config';
export { SIGHTLINE_CONFIG } from './config.tokens';
export type {
  AuthConfig,
  AuthKeyConfig,
  GovernanceConfig,
  GrpcTlsConfig,
  IngestConfig,
  KafkaConfig,
  LogLevel,
  RetryConfig,
  SightlineConfig,
  MatchingConfig,
  TrackingConfig,
  DetectionConfig,
  WebhookConfig,
} from './sightline-config';
