/** The validated, grouped configuration every service receives. Nothing reads the environment after this. */
export interface SightlineConfig {
  readonly service: {
    readonly name: string;
    readonly httpHost: string;
    readonly httpPort: number;
    readonly grpcPort: number;
    readonly shutdownTimeoutMs: number;
    /** Absent: the gRPC server speaks plaintext (local runs, or TLS ends at a sidecar). */
    readonly grpcTls?: GrpcTlsConfig;
  };
  readonly log: { readonly level: LogLevel };
  readonly kafka: KafkaConfig;
  readonly retry: RetryConfig;
  readonly mongo: { readonly url: string };
  readonly paths: { readonly datasetsDir?: string; readonly modelDir?: string };
  readonly ingest: IngestConfig;
  readonly tracking: TrackingConfig;
  readonly detection: DetectionConfig;
  readonly matching: MatchingConfig;
  readonly webhooks: WebhookConfig;
  readonly auth: AuthConfig;
  readonly governance: GovernanceConfig;
}

/** When a watchlist's search switches from the f32 scan to the code scan, and how deep it re-ranks. */
export interface MatchingConfig {
  readonly binaryMinTemplates: number;
  readonly rerankDepth: number;
  /** Absent: no snapshots, every start replays the whole gallery log. */
  readonly snapshotDir?: string;
  readonly snapshotIntervalMs: number;
}

/** The knobs of the law a deployment may turn (the rules themselves live in libs/governance). */
export interface GovernanceConfig {
  readonly maxWatchlistDays: number;
  readonly escalateAfterMinutes: number;
  readonly reviewSweepIntervalMs: number;
  readonly alertMergeWindowS: number;
  readonly retentionDays: {
    readonly 'match-evidence': number;
    readonly 'confirmed-case-evidence': number;
    readonly 'sightings-log': number | 'forever';
    readonly audit: number | 'forever';
  };
  readonly retentionIntervalMs: number;
  readonly auditVerifyIntervalMs: number;
}

/** Files of the gRPC server's TLS; a client CA makes it mutual TLS. */
export interface GrpcTlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientCaFile?: string;
}

/** How bearer tokens are checked: one key, a fixed issuer and audience, a little clock skew. */
export interface AuthConfig {
  readonly key: AuthKeyConfig;
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceS: number;
}

/**
 * A shared secret suits one operator minting its own tokens; an agency with an identity provider
 * gives only its public key, so no Sightline pod can mint a token.
 */
export type AuthKeyConfig =
  | { readonly kind: 'shared-secret'; readonly secret: string }
  | { readonly kind: 'public-key'; readonly publicKeyPem: string };

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
  /** Least time between analyses of one confirmed track's faces (see face-analysis-gate). */
  readonly faceAnalysisIntervalMs: number;
  /** Older frames are skipped by detect: after an outage it resumes live instead of replaying. */
  readonly maxFrameAgeMs: number;
}

/** What detect's UltraFace runs at (see UltraFaceOptions). */
export interface DetectionConfig {
  readonly minFacePx: number;
  readonly maxInputSide: number;
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
