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
const days = z.coerce.number().int().positive();
const daysOrForever = z.union([z.literal('forever'), days]);
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
  INGEST_QUEUE_FRAMES: {
    description:
      'Frames a camera may hold waiting to be published; beyond it the oldest is dropped and counted.',
    sensitive: false,
    schema: z.coerce.number().int().min(1).max(1_000).default(8),
  },
  INGEST_MAX_DOWNSTREAM_LAG: {
    description:
      "Frames detect may lag behind on a camera's partition before ingest drops new frames (back-pressure).",
    sensitive: false,
    schema: z.coerce.number().int().min(1).default(50),
  },
  INGEST_DOWNSTREAM_GROUP: {
    description: 'Consumer group whose lag on frames.v1 drives back-pressure.',
    sensitive: false,
    schema: z.string().min(1).default('sightline.detect'),
  },
  INGEST_RECONNECT_INITIAL_MS: {
    description: 'First wait before a failed camera source is reopened; doubles up to the maximum.',
    sensitive: false,
    schema: positiveMs.default(500),
  },
  INGEST_RECONNECT_MAX_MS: {
    description: 'Longest wait between two attempts to reopen a failed camera source.',
    sensitive: false,
    schema: positiveMs.default(30_000),
  },
  INGEST_MAX_UPLOAD_BYTES: {
    description: 'Largest JPEG or PNG accepted by the HTTP upload and by PushFrames.',
    sensitive: false,
    schema: z.coerce
      .number()
      .int()
      .positive()
      .default(8 * 1024 * 1024),
  },
  TRACK_IOU_THRESHOLD: {
    description: 'Least box overlap (IoU) for a detection to continue a track.',
    sensitive: false,
    schema: z.coerce.number().min(0).max(1).default(0.3),
  },
  TRACK_MAX_MISSED_FRAMES: {
    description: 'Sampled frames a track may go unseen before it closes.',
    sensitive: false,
    schema: z.coerce.number().int().min(0).default(5),
  },
  TRACK_MAX_IDLE_MS: {
    description: 'Time without frames from a camera after which its open tracks close anyway.',
    sensitive: false,
    schema: positiveMs.default(3_000),
  },
  DETECT_MAX_FRAME_AGE_MS: {
    description:
      'Frames older than this when detect reaches them are skipped and counted: a backlog is not replayed as live.',
    sensitive: false,
    schema: positiveMs.default(60_000),
  },
  TRACK_MAX_FACES_SENT: {
    description: "Most faces of one track sent on to be matched (the track's best by quality).",
    sensitive: false,
    schema: z.coerce.number().int().min(1).max(20).default(3),
  },
  TRACK_FACE_ANALYSIS_INTERVAL_MS: {
    description:
      "Least time between two analyses (landmarks, chip, quality) of a confirmed track's faces, unless its box grew clearly since the last one; 0 analyses every frame. Consecutive frames of a fast camera show nearly the same face, so at 25 fps 80 ms analyses every other frame, while at 10 fps (100 ms apart, 20 ms left for capture jitter) every frame is analysed.",
    sensitive: false,
    schema: z.coerce.number().int().min(0).max(10_000).default(80),
  },
  DETECT_MIN_FACE_PX: {
    description:
      'Smallest face (tight box width, frame pixels) detect must find; the detector input shrinks until such a face spans 14 px, from which UltraFace finds every face. 28 is about half the smallest face quality accepts for identification (eye distance 20 px; a tight box is about 2.5 eye distances wide), so a track starts before its face is usable.',
    sensitive: false,
    schema: z.coerce.number().int().min(1).default(28),
  },
  DETECT_MAX_INPUT_SIDE: {
    description:
      "Longest side of detect's network input: bounds the detector's cost on large frames, at the price of faces under 14 px at that scale.",
    sensitive: false,
    schema: z.coerce.number().int().min(64).max(4096).default(640),
  },
  MATCH_BINARY_MIN_TEMPLATES: {
    description:
      'Watchlist size from which match searches 128-bit sign codes (then re-ranks exactly) instead of scanning every f32 template.',
    sensitive: false,
    schema: z.coerce.number().int().min(1).default(20_000),
  },
  MATCH_RERANK_DEPTH: {
    description: 'Nearest codes re-scored exactly per probe and watchlist by the code search.',
    sensitive: false,
    schema: z.coerce.number().int().min(1).max(8192).default(256),
  },
  MATCH_SNAPSHOT_DIR: {
    description:
      'Directory (a volume of this replica) for gallery snapshots: a restart loads the latest and replays only the events after it. Absent: every start replays the whole gallery log.',
    sensitive: false,
    schema: z.string().min(1).optional(),
  },
  MATCH_SNAPSHOT_INTERVAL_S: {
    description: 'Seconds between gallery snapshots, taken only when the gallery changed.',
    sensitive: false,
    schema: z.coerce.number().int().min(1).default(300),
  },
  WEBHOOK_URLS: {
    description: 'Comma-separated HTTPS endpoints that receive every alert, HMAC-signed.',
    sensitive: false,
    schema: csv.optional(),
  },
  WEBHOOK_SECRET: {
    description: 'Shared secret of the webhook HMAC-SHA256 signature (required with WEBHOOK_URLS).',
    sensitive: true,
    schema: z.string().min(16).optional(),
  },
  WEBHOOK_MAX_ATTEMPTS: {
    description: 'Delivery attempts per webhook before the alert is dead-lettered for it.',
    sensitive: false,
    schema: z.coerce.number().int().min(1).max(20).default(5),
  },
  WEBHOOK_TIMEOUT_MS: {
    description: 'Time a webhook endpoint has to answer one attempt.',
    sensitive: false,
    schema: positiveMs.default(5_000),
  },
  AUTH_JWT_SECRET: {
    description:
      'HS256 key that signs and verifies bearer tokens, at least 32 bytes; set it or AUTH_JWT_PUBLIC_KEY, never both.',
    sensitive: true,
    schema: z
      .string()
      .refine((value) => Buffer.byteLength(value, 'utf8') >= 32, 'must be at least 32 bytes')
      .optional(),
  },
  AUTH_JWT_PUBLIC_KEY: {
    description:
      "SPKI PEM public key of the agency's identity provider (RS256, ES256, ES384 or EdDSA tokens); the alternative to AUTH_JWT_SECRET.",
    sensitive: false,
    schema: z.string().optional(),
  },
  AUTH_JWT_ISSUER: {
    description: 'The iss claim every bearer token must carry.',
    sensitive: false,
    schema: z.string().min(1).default('sightline'),
  },
  AUTH_JWT_AUDIENCE: {
    description: 'The aud claim every bearer token must carry.',
    sensitive: false,
    schema: z.string().min(1).default('sightline'),
  },
  AUTH_CLOCK_TOLERANCE_S: {
    description: 'Clock skew allowed when checking exp and nbf of a bearer token.',
    sensitive: false,
    schema: z.coerce.number().int().min(0).max(300).default(30),
  },
  GRPC_TLS_CERT_FILE: {
    description:
      'PEM certificate chain the gRPC server presents; with GRPC_TLS_KEY_FILE it serves TLS instead of plaintext.',
    sensitive: false,
    schema: z.string().min(1).optional(),
  },
  GRPC_TLS_KEY_FILE: {
    description: 'PEM private key of GRPC_TLS_CERT_FILE.',
    sensitive: false,
    schema: z.string().min(1).optional(),
  },
  GRPC_TLS_CLIENT_CA_FILE: {
    description:
      'PEM CA bundle of client certificates; when set, every gRPC caller must present one it signed (mTLS).',
    sensitive: false,
    schema: z.string().min(1).optional(),
  },
  GOVERNANCE_MAX_WATCHLIST_DAYS: {
    description: 'Longest life a watchlist may be given at creation, in days.',
    sensitive: false,
    schema: days.default(90),
  },
  REVIEW_ESCALATE_AFTER_MINUTES: {
    description: 'How long an alert may wait for review before it escalates.',
    sensitive: false,
    schema: z.coerce.number().int().positive().default(15),
  },
  REVIEW_SWEEP_INTERVAL_MS: {
    description: 'How often policy escalates overdue alerts and republishes unsent review events.',
    sensitive: false,
    schema: positiveMs.default(10_000),
  },
  ALERT_MERGE_WINDOW_S: {
    description:
      'A later track of the same subject on the same camera within this many seconds joins the open alert.',
    sensitive: false,
    schema: z.coerce.number().int().min(0).default(120),
  },
  RETENTION_MATCH_EVIDENCE_DAYS: {
    description: 'Days the crop of a matched face is kept while its alert is not a confirmed case.',
    sensitive: false,
    schema: days.default(30),
  },
  RETENTION_CONFIRMED_CASE_DAYS: {
    description: 'Days the evidence of a confirmed case is kept after the case closes.',
    sensitive: false,
    schema: days.default(365),
  },
  RETENTION_SIGHTINGS_DAYS: {
    description: "Days the sightings read model keeps a row, or 'forever'.",
    sensitive: false,
    schema: daysOrForever.default(90),
  },
  RETENTION_AUDIT_DAYS: {
    description: "Days the audit chain keeps a record, or 'forever'.",
    sensitive: false,
    schema: daysOrForever.default('forever'),
  },
  RETENTION_INTERVAL_MS: {
    description: 'How often the retention purges run.',
    sensitive: false,
    schema: positiveMs.default(3_600_000),
  },
  AUDIT_VERIFY_INTERVAL_MS: {
    description: 'How often policy recomputes the whole audit hash chain.',
    sensitive: false,
    schema: positiveMs.default(900_000),
  },
  SIGHTLINE_TOKEN: {
    description:
      'Bearer token the operator CLIs send (tools/auth/issue-token.ts mints one locally); services ignore it.',
    sensitive: true,
    schema: z.string().min(1).optional(),
  },
} as const satisfies Record<string, Omit<ConfigVariable, 'name'>>;

export type ConfigVariableName = keyof typeof CONFIG_VARIABLES;
