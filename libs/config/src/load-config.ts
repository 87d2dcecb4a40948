import { CONFIG_VARIABLES, type ConfigVariableName } from './config-variables';
import { ConfigError } from './config-error';
import type { KafkaConfig, SightlineConfig } from './sightline-config';

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
  if (problems.length > 0) throw new ConfigError(problems);

  const serviceName = parsed.SERVICE_NAME as string;
  const config: SightlineConfig = {
    service: {
      name: serviceName,
      httpHost: parsed.HTTP_HOST as string,
      httpPort: parsed.HTTP_PORT as number,
      grpcPort: parsed.GRPC_PORT as number,
      shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS as number,
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
      maxFrameAgeMs: parsed.DETECT_MAX_FRAME_AGE_MS as number,
    },
    webhooks: {
      urls: webhookUrls,
      secret: parsed.WEBHOOK_SECRET as string | undefined,
      maxAttempts: parsed.WEBHOOK_MAX_ATTEMPTS as number,
      timeoutMs: parsed.WEBHOOK_TIMEOUT_MS as number,
    },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
