import { z } from 'zod';

/**
 * Every environment variable Sightline reads, with a description and whether it is sensitive.
 * This is the only list: `loadConfig` reads exactly these names and nothing else reads the
 * environment, so a deployment can be audited against one table.
 */
export interface ConfigVariable {
  readonly name: string;
  readonly description: string;
  readonly sensitive: boolean;
  readonly schema: z.ZodType;
}

const port = z.coerce.number().int().min(0).max(65_535);
const positiveMs = z.coerce.number().int().positive();
const csv = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

export const CONFIG_VARIABLES = {
  SERVICE_NAME: {
    description: 'Logical service name; also the Kafka client id and the default consumer group.',
    sensitive: false,
    schema: z.string().regex(/^[a-z][a-z0-9-]*$/),
  },
  HTTP_PORT: {
    description: 'Port of /healthz, /readyz and /metrics.',
    sensitive: false,
    schema: port.default(0),
  },
  HTTP_HOST: {
    description: 'Interface the HTTP endpoints bind to.',
    sensitive: false,
    schema: z.string().default('127.0.0.1'),
  },
  GRPC_PORT: {
    description: 'Port of the service gRPC API, for services that expose one.',
    sensitive: false,
    schema: port.default(0),
  },
  LOG_LEVEL: {
    description: 'pino log level.',
    sensitive: false,
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
  KAFKA_BROKERS: {
    description: 'Comma-separated bootstrap brokers, host:port.',
    sensitive: false,
    schema: csv.default(['127.0.0.1:9092']),
  },
  KAFKA_CLIENT_ID: {
    description: 'Kafka client id; defaults to SERVICE_NAME.',
    sensitive: false,
    schema: z.string().optional(),
  },
  KAFKA_GROUP_ID: {
    description: 'Consumer group; defaults to sightline.<SERVICE_NAME>.',
    sensitive: false,
    schema: z.string().optional(),
  },
  KAFKA_GROUP_INSTANCE_ID: {
    description: 'Static membership id (e.g. the pod name) so a restart does not rebalance.',
    sensitive: false,
    schema: z.string().optional(),
  },
  KAFKA_SSL: {
    description: 'Use TLS to reach the brokers.',
    sensitive: false,
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
  },
  KAFKA_SASL_MECHANISM: {
    description: 'SASL mechanism (plain, scram-sha-256, scram-sha-512) when the cluster needs one.',
    sensitive: false,
    schema: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  },
  KAFKA_SASL_USERNAME: {
    description: 'SASL user name.',
    sensitive: true,
    schema: z.string().optional(),
  },
  KAFKA_SASL_PASSWORD: {
    description: 'SASL password.',
    sensitive: true,
    schema: z.string().optional(),
  },
  KAFKA_TOPIC_PARTITIONS_OVERRIDE: {
    description:
      'Create every topic with this many partitions instead of the registry value (local runs).',
    sensitive: false,
    schema: z.coerce.number().int().positive().optional(),
  },
  KAFKA_REPLICATION_FACTOR: {
    description: 'Replication factor used when this service creates missing topics.',
    sensitive: false,
    schema: z.coerce.number().int().positive().default(1),
  },
  KAFKA_CREATE_TOPICS: {
    description:
      'Create missing topics from the registry at start-up (off where an operator owns topics).',
    sensitive: false,
    schema: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true'),
  },
  RETRY_MAX_ATTEMPTS: {
    description: 'Attempts per message before it is dead-lettered (retryable errors only).',
    sensitive: false,
    schema: z.coerce.number().int().min(1).max(20).default(4),
  },
  RETRY_INITIAL_BACKOFF_MS: {
    description: 'First retry delay; doubles per attempt.',
    sensitive: false,
    schema: positiveMs.default(100),
  },
  RETRY_MAX_BACKOFF_MS: {
    description: 'Ceiling of the retry delay.',
    sensitive: false,
    schema: positiveMs.default(5_000),
  },
  MONGO_URL: {
    description: 'MongoDB-wire connection string (FerretDB locally, MongoDB in production).',
    sensitive: true,
    schema: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//)
      .default('mongodb://127.0.0.1:27017/sightline'),
  },
  SHUTDOWN_TIMEOUT_MS: {
    description: 'Longest a SIGTERM drain may take before the process exits anyway.',
    sensitive: false,
    schema: positiveMs.default(25_000),
  },
  DATASETS_DIR: {
    description: 'Where evaluation datasets live (read-only); absent on most machines.',
    sensitive: false,
    schema: z.string().optional(),
  },
  MODEL_DIR: {
    description: 'Cache folder of the ONNX models built or extracted from registry packages.',
    sensitive: false,
    schema: z.string().optional(),
  },
} as const satisfies Record<string, Omit<ConfigVariable, 'name'>>;

export type ConfigVariableName = keyof typeof CONFIG_VARIABLES;
