import { CONFIG_VARIABLES, type ConfigVariableName } from './config-variables';
import { ConfigError } from './config-error';
import { createPublicKey } from 'node:crypto';
import type {
  AuthKeyConfig,
  GrpcTlsConfig,
  KafkaConfig,
  SightlineConfig,
} from './sightline-config';

type Environment = Readonly<Record<string, string | undefined>>;
type Parsed = { -readonly [K in ConfigVariableName]: unknown };

/**
 * Validates the environment once into a typed, frozen config. Defaults for the service name can be
 * supplied by the entry point, so `SERVICE_NAME` is only needed when one binary plays several roles.
 */
export function loadConfig(
  defaults: Partial<Record<ConfigVariableName, string>> = {},
  environment: Environment = process.env,
): SightlineConfig {
  const problems: string[] = [];
  const parsed = {} as Parsed;
  for (const name of Object.keys(CONFIG_VARIABLES) as ConfigVariableName[]) {
    const raw = environment[name] ?? defaults[name];
    const result = CONFIG_VARIABLES[name].schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) {
      parsed[name] = result.data;
    } else {
      const shown = CONFIG_VARIABLES[name].sensitive ? '<redacted>' : JSON.stringify(raw);
      problems.push(
        `${name}=${shown}: ${result.error.issues.map((issue) => issue.message).join('; ')} (${CONFIG_VARIABLES[name].description})`,
      );
    }
  }
  const mechanism = parsed.KAFKA_SASL_MECHANISM as
    NonNullable<KafkaConfig['sasl']>['mechanism'] | undefined;
  if (mechanism && (!parsed.KAFKA_SASL_USERNAME || !parsed.KAFKA_SASL_PASSWORD)) {
    problems.push(
      'KAFKA_SASL_MECHANISM is set, so KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required',
    );
  }
  if ((parsed.RETRY_INITIAL_BACKOFF_MS as number) > (parsed.RETRY_MAX_BACKOFF_MS as number)) {
    problems.push('RETRY_INITIAL_BACKOFF_MS must not exceed RETRY_MAX_BACKOFF_MS');
  }
  const webhookUrls = (parsed.WEBHOOK_URLS as string[] | undefined) ?? [];
  if (webhookUrls.length > 0 && !parsed.WEBHOOK_SECRET) {
    problems.push('WEBHOOK_URLS is set, so WEBHOOK_SECRET (16+ characters) is required');
  }
  for (const url of webhookUrls) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      problems.push(`WEBHOOK_URLS: ${JSON.stringify(url)} is not an http(s) URL`);
    }
  }
  if ((parsed.INGEST_RECONNECT_INITIAL_MS as number) > (parsed.INGEST_RECONNECT_MAX_MS as number)) {
    problems.push('INGEST_RECONNECT_INITIAL_MS must not exceed INGEST_RECONNECT_MAX_MS');
  }
  const authKey = authKeyOf(
    parsed.AUTH_JWT_SECRET as string | undefined,
    parsed.AUTH_JWT_PUBLIC_KEY as string | undefined,
    problems,
  );
  const grpcTls = grpcTlsOf(
    parsed.GRPC_TLS_CERT_FILE as string | undefined,
    parsed.GRPC_TLS_KEY_FILE as string | undefined,
    parsed.GRPC_TLS_CLIENT_CA_FILE as string | undefined,
    problems,
  );
  if (problems.length > 0 || !authKey) throw new ConfigError(problems);

  const serviceName = parsed.SERVICE_NAME as string;
  const config: SightlineConfig = {
    service: {
      name: serviceName,
      httpHost: parsed.HTTP_HOST as string,
      httpPort: parsed.HTTP_PORT as number,
      grpcPort: parsed.GRPC_PORT as number,
      shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS as number,
      ...grpcTls,
    },
    log: { level: parsed.LOG_LEVEL as SightlineConfig['log']['level'] },
    kafka: {
      brokers: parsed.KAFKA_BROKERS as string[],
      clientId: (parsed.KAFKA_CLIENT_ID as string | undefined) ?? serviceName,
      groupId: (parsed.KAFKA_GROUP_ID as string | undefined) ?? `sightline.${serviceName}`,
      groupInstanceId: parsed.KAFKA_GROUP_INSTANCE_ID as string | undefined,
      ssl: parsed.KAFKA_SSL as boolean,
      sasl: mechanism
        ? {
            mechanism,
            username: parsed.KAFKA_SASL_USERNAME as string,
            password: parsed.KAFKA_SASL_PASSWORD as string,
          }
        : undefined,
      createTopics: parsed.KAFKA_CREATE_TOPICS as boolean,
      replicationFactor: parsed.KAFKA_REPLICATION_FACTOR as number,
      partitionsOverride: parsed.KAFKA_TOPIC_PARTITIONS_OVERRIDE as number | undefined,
    },
    retry: {
      maxAttempts: parsed.RETRY_MAX_ATTEMPTS as number,
      initialBackoffMs: parsed.RETRY_INITIAL_BACKOFF_MS as number,
      maxBackoffMs: parsed.RETRY_MAX_BACKOFF_MS as number,
    },
    mongo: { url: parsed.MONGO_URL as string },
    paths: {
      datasetsDir: parsed.DATASETS_DIR as string | undefined,
      modelDir: parsed.MODEL_DIR as string | undefined,
    },
    ingest: {
      queueFrames: parsed.INGEST_QUEUE_FRAMES as number,
      maxDownstreamLag: parsed.INGEST_MAX_DOWNSTREAM_LAG as number,
      downstreamGroup: parsed.INGEST_DOWNSTREAM_GROUP as string,
      reconnectInitialMs: parsed.INGEST_RECONNECT_INITIAL_MS as number,
      reconnectMaxMs: parsed.INGEST_RECONNECT_MAX_MS as number,
      maxUploadBytes: parsed.INGEST_MAX_UPLOAD_BYTES as number,
    },
    tracking: {
      iouThreshold: parsed.TRACK_IOU_THRESHOLD as number,
      maxMissedFrames: parsed.TRACK_MAX_MISSED_FRAMES as number,
      maxIdleMs: parsed.TRACK_MAX_IDLE_MS as number,
      maxFacesSent: parsed.TRACK_MAX_FACES_SENT as number,
      faceAnalysisIntervalMs: parsed.TRACK_FACE_ANALYSIS_INTERVAL_MS as number,
      maxFrameAgeMs: parsed.DETECT_MAX_FRAME_AGE_MS as number,
    },
    detection: {
      minFacePx: parsed.DETECT_MIN_FACE_PX as number,
      maxInputSide: parsed.DETECT_MAX_INPUT_SIDE as number,
    },
    matching: {
      binaryMinTemplates: parsed.MATCH_BINARY_MIN_TEMPLATES as number,
      rerankDepth: parsed.MATCH_RERANK_DEPTH as number,
      snapshotDir: parsed.MATCH_SNAPSHOT_DIR as string | undefined,
      snapshotIntervalMs: (parsed.MATCH_SNAPSHOT_INTERVAL_S as number) * 1000,
    },
    webhooks: {
      urls: webhookUrls,
      secret: parsed.WEBHOOK_SECRET as string | undefined,
      maxAttempts: parsed.WEBHOOK_MAX_ATTEMPTS as number,
      timeoutMs: parsed.WEBHOOK_TIMEOUT_MS as number,
    },
    auth: {
      key: authKey,
      issuer: parsed.AUTH_JWT_ISSUER as string,
      audience: parsed.AUTH_JWT_AUDIENCE as string,
      clockToleranceS: parsed.AUTH_CLOCK_TOLERANCE_S as number,
    },
    governance: {
      maxWatchlistDays: parsed.GOVERNANCE_MAX_WATCHLIST_DAYS as number,
      escalateAfterMinutes: parsed.REVIEW_ESCALATE_AFTER_MINUTES as number,
      reviewSweepIntervalMs: parsed.REVIEW_SWEEP_INTERVAL_MS as number,
      alertMergeWindowS: parsed.ALERT_MERGE_WINDOW_S as number,
      retentionDays: {
        'match-evidence': parsed.RETENTION_MATCH_EVIDENCE_DAYS as number,
        'confirmed-case-evidence': parsed.RETENTION_CONFIRMED_CASE_DAYS as number,
        'sightings-log': parsed.RETENTION_SIGHTINGS_DAYS as number | 'forever',
        audit: parsed.RETENTION_AUDIT_DAYS as number | 'forever',
      },
      retentionIntervalMs: parsed.RETENTION_INTERVAL_MS as number,
      auditVerifyIntervalMs: parsed.AUDIT_VERIFY_INTERVAL_MS as number,
    },
  };
  return deepFreeze(config);
}

/** Both halves of the server's key pair or neither; a client CA only on top of them. */
function grpcTlsOf(
  certFile: string | undefined,
  keyFile: string | undefined,
  clientCaFile: string | undefined,
  problems: string[],
): { grpcTls?: GrpcTlsConfig } {
  if (!certFile && !keyFile) {
    if (clientCaFile)
      problems.push('GRPC_TLS_CLIENT_CA_FILE needs GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE');
    return {};
  }
  if (!certFile || !keyFile) {
    problems.push('set GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE together');
    return {};
  }
  return { grpcTls: { certFile, keyFile, ...(clientCaFile ? { clientCaFile } : {}) } };
}

/**
 * Exactly one verification key, and no default: a service that could start without one would
 * either accept every token or refuse every call, and neither should depend on a forgotten variable.
 */
function authKeyOf(
  secret: string | undefined,
  publicKeyPem: string | undefined,
  problems: string[],
): AuthKeyConfig | undefined {
  if (secret && publicKeyPem) {
    problems.push('set AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY, not both');
    return undefined;
  }
  if (secret) return { kind: 'shared-secret', secret };
  if (publicKeyPem) {
    // Kubernetes secrets and .env files often carry a PEM on one line with literal \n.
    const pem = publicKeyPem.replace(/\\n/g, '\n');
    try {
      createPublicKey(pem);
    } catch (error) {
      problems.push(
        `AUTH_JWT_PUBLIC_KEY is not an SPKI PEM public key: ${(error as Error).message}`,
      );
      return undefined;
    }
    return { kind: 'public-key', publicKeyPem: pem };
  }
  // An invalid secret has been reported already; "required" on top would only confuse.
  if (problems.some((problem) => problem.startsWith('AUTH_JWT_SECRET='))) return undefined;
  problems.push(
    'AUTH_JWT_SECRET (32+ bytes) or AUTH_JWT_PUBLIC_KEY is required: every gRPC and HTTP API checks a bearer token',
  );
  return undefined;
}

/** The operator CLIs' bearer token (SIGHTLINE_TOKEN), or undefined when none is set. */
export function operatorToken(environment: Environment = process.env): string | undefined {
  const result = CONFIG_VARIABLES.SIGHTLINE_TOKEN.schema.safeParse(
    environment['SIGHTLINE_TOKEN'] || undefined,
  );
  return result.success ? result.data : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
