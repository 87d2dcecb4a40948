/** The validated, grouped configuration every service receives. Nothing reads the environment after this. */
export interface SightlineConfig {
  readonly service: {
    readonly name: string;
    readonly httpHost: string;
    readonly httpPort: number;
    readonly grpcPort: number;
    readonly shutdownTimeoutMs: number;
  };
  readonly log: { readonly level: LogLevel };
  readonly kafka: KafkaConfig;
  readonly retry: RetryConfig;
  readonly mongo: { readonly url: string };
  readonly paths: { readonly datasetsDir?: string; readonly modelDir?: string };
  readonly ingest: IngestConfig;
  readonly tracking: TrackingConfig;
  readonly webhooks: WebhookConfig;
}

export interface IngestConfig {
  readonly queueFrames: number;
  readonly maxDownstreamLag: number;
  readonly downstreamGroup: string;
  readonly reconnectInitialMs: number;
  readonly reconnectMaxMs: number;
  readonly maxUploadBytes: number;
}

export interface TrackingConfig {
  readonly iouThreshold: number;
  readonly maxMissedFrames: number;
  readonly maxIdleMs: number;
  readonly maxFacesSent: number;
  /** Older frames are skipped by detect: after an outage it resumes live instead of replaying. */
  readonly maxFrameAgeMs: number;
}

export interface WebhookConfig {
  readonly urls: readonly string[];
  /** Present whenever urls is non-empty (checked by loadConfig). */
  readonly secret?: string;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly groupId: string;
  readonly groupInstanceId?: string;
  readonly ssl: boolean;
  readonly sasl?: {
    readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    readonly username: string;
    readonly password: string;
  };
  readonly createTopics: boolean;
  readonly replicationFactor: number;
  readonly partitionsOverride?: number;
}

export interface RetryConfig {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}
