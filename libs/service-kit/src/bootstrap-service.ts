import 'reflect-metadata';
import { ServerCredentials } from '@grpc/grpc-js';
import { type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { PROTO_ROOT, protoFileOf } from '@sightline/proto';
import { loadConfig, type ConfigVariableName, type GrpcTlsConfig } from '@sightline/config';
import { readFileSync } from 'node:fs';
import { ContractRegistry, TOPICS, type TopicDefinition } from '@sightline/contracts';
import {
  createKafkaClient,
  ensureTopics,
  EventPublisher,
  KafkaEventServer,
  type ReplayStartPoint,
} from '@sightline/messaging';
import {
  createLogger,
  NestPinoLogger,
  ServiceMetrics,
  type Logger,
} from '@sightline/observability';
import { MongoConnection } from '@sightline/persistence';
import { ReadinessService } from './readiness.service';
import { ServiceKitModule } from './service-kit.module';
import { TransportExceptionFilter } from './transport-exception.filter';
import type { ServiceRuntime } from './service-runtime';

export interface ServiceDefinition {
  /** Default SERVICE_NAME; the environment may override it. */
  readonly name: string;
  /** The service's own module: handlers, use cases, repositories. */
  readonly module: Type<unknown>;
  readonly subscribes: readonly TopicDefinition[];
  /** Topics every replica reads whole at every start to build an in-memory projection (galleries). */
  readonly replays?: readonly TopicDefinition[];
  /** Where the replays may resume, from the app's own state (a restored snapshot). */
  readonly replayFrom?: (app: INestApplication) => ReplayStartPoint;
  readonly publishes: readonly TopicDefinition[];
  readonly usesMongo: boolean;
  /** The service's own gRPC APIs, served beside sightline.health.v1 on GRPC_PORT. */
  readonly grpcServices?: readonly GrpcServiceProto[];
  /** Entry-point defaults, e.g. a fixed HTTP port per service for local runs. */
  readonly defaults?: Partial<Record<ConfigVariableName, string>>;
}

/** A protobuf package and the file (under proto/) that declares its services. */
export interface GrpcServiceProto {
  /** e.g. 'sightline.ingest.v1' */
  readonly package: string;
  /** File name without .proto, e.g. 'ingest' for proto/sightline/ingest/v1/ingest.proto. */
  readonly file: string;
}

export interface RunningService {
  readonly app: INestApplication;
  readonly runtime: ServiceRuntime;
  readonly httpUrl: string;
}

/**
 * Brings one service up in a fixed order: config, logger, topics, producer, database, HTTP probes,
 * then the consumer last, so nothing is consumed before everything it needs is reachable.
 */
export async function bootstrapService(definition: ServiceDefinition): Promise<RunningService> {
  const config = loadConfig({ SERVICE_NAME: definition.name, ...definition.defaults });
  const logger = createLogger({ service: config.service.name, level: config.log.level });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    logger.flush();
    process.exit(1);
  });
  const replays = definition.replays ?? [];
  // Every service may append to audit.v1: the access guard audits each refused request.
  const topics = uniqueTopics([
    ...definition.subscribes,
    ...replays,
    ...definition.publishes,
    TOPICS.audit,
  ]);
  const metrics = new ServiceMetrics(config.service.name);
  const kafka = createKafkaClient(config.kafka, logger);
  if (config.kafka.createTopics) {
    const created = await ensureTopics(kafka, topics, {
      replicationFactor: config.kafka.replicationFactor,
      partitionsOverride: config.kafka.partitionsOverride,
    });
    if (created.length > 0) logger.info({ created }, 'created missing topics');
  }
  const publisher = new EventPublisher(kafka, metrics);
  await publisher.connect();
  const mongo = definition.usesMongo
    ? await MongoConnection.open({ url: config.mongo.url }, logger)
    : undefined;
  const runtime: ServiceRuntime = {
    config,
    logger,
    metrics,
    kafka,
    registry: new ContractRegistry(topics),
    publisher,
    subscriptions: definition.subscribes.map((topic) => topic.name),
    mongo,
  };

  @Module({ imports: [ServiceKitModule.forRoot(runtime), definition.module] })
  class ServiceRootModule {}

  const app = await NestFactory.create(ServiceRootModule, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  drainOnSignal(app, config.service.shutdownTimeoutMs, logger);

  const server = new KafkaEventServer({
    kafka,
    config: config.kafka,
    retry: config.retry,
    registry: runtime.registry,
    subscriptions: runtime.subscriptions,
    replays: replays.map((topic) => topic.name),
    replayFrom: definition.replayFrom?.(app),
    publisher,
    metrics,
    logger,
  });
  registerReadinessChecks(app.get(ReadinessService), runtime, server, replays.length > 0);
  // Filters must be in place before the microservice registers its handlers, hence app-level + inherit.
  app.useGlobalFilters(new TransportExceptionFilter(app.getHttpAdapter()));
  app.connectMicroservice<MicroserviceOptions>({ strategy: server }, { inheritAppConfig: true });
  const grpcProtos: GrpcServiceProto[] = [
    { package: 'sightline.health.v1', file: 'health' },
    ...(definition.grpcServices ?? []),
  ];
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.GRPC,
      options: {
        url: `${config.service.httpHost}:${config.service.grpcPort}`,
        credentials: grpcServerCredentials(config.service.grpcTls),
        package: grpcProtos.map((proto) => proto.package),
        protoPath: grpcProtos.map((proto) => protoFileOf(proto.package, proto.file)),
        loader: {
          includeDirs: [PROTO_ROOT],
          keepCase: false,
          longs: Number,
          enums: Number,
          defaults: true,
        },
      },
    },
    { inheritAppConfig: true },
  );

  await app.listen(config.service.httpPort, config.service.httpHost);
  await app.startAllMicroservices();
  const httpUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  logger.info(
    { httpUrl, grpcPort: config.service.grpcPort, subscriptions: runtime.subscriptions },
    'service started',
  );
  return { app, runtime, httpUrl };
}

function registerReadinessChecks(
  readiness: ReadinessService,
  runtime: ServiceRuntime,
  server: KafkaEventServer,
  replays: boolean,
): void {
  const admin = runtime.kafka.admin();
  let adminConnected: Promise<void> | undefined;
  readiness.register('kafka', async () => {
    adminConnected ??= admin.connect();
    await adminConnected;
    const cluster = await admin.describeCluster();
    return { ok: cluster.brokers.length > 0, detail: `${cluster.brokers.length} broker(s)` };
  });
  const mongo = runtime.mongo;
  if (mongo) readiness.register('mongo', async () => ({ ok: await mongo.ping() }));
  if (replays || runtime.subscriptions.length > 0) {
    readiness.register('consumer', () => ({
      ok: server.isJoined(),
      detail: server.isJoined()
        ? `joined ${runtime.config.kafka.groupId}`
        : 'not in its consumer group',
    }));
  }
  // A replica matching against a half-replayed gallery would miss enrolled subjects.
  if (replays) {
    readiness.register('replay', () => {
      const state = server.replayState();
      return { ok: state.caughtUp, detail: state.detail };
    });
  }
}

/**
 * SIGTERM (Kubernetes) or SIGINT (a terminal): stop consuming, let the in-flight event finish and
 * commit, close producer and database, then exit 0. A drain that outlives the deadline exits 1
 * rather than hang the pod until SIGKILL.
 */
function drainOnSignal(app: INestApplication, deadlineMs: number, logger: Logger): void {
  let draining = false;
  const drain = (signal: NodeJS.Signals): void => {
    if (draining) return;
    draining = true;
    logger.info({ signal }, 'draining');
    setTimeout(() => {
      logger.error({ deadlineMs }, 'drain deadline passed; exiting');
      logger.flush(() => process.exit(1));
    }, deadlineMs).unref();
    app.close().then(
      () => logger.flush(() => process.exit(0)),
      (error: unknown) => {
        logger.error({ err: error }, 'drain failed');
        logger.flush(() => process.exit(1));
      },
    );
  };
  process.once('SIGTERM', drain);
  process.once('SIGINT', drain);
}

function uniqueTopics(topics: readonly TopicDefinition[]): TopicDefinition[] {
  return [...new Map(topics.map((topic) => [topic.name, topic])).values()];
}

/**
 * The entry point of every service: a start-up failure (bad config, unreachable broker, a
 * subscription without a handler) is printed plainly and ends the process with exit code 1, so
 * Kubernetes shows a crash loop with the reason instead of a half-started pod.
 */
export function runService(definition: ServiceDefinition): void {
  bootstrapService(definition).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', service: definition.name, msg: 'start-up failed', error: message })}\n`,
    );
    process.exit(1);
  });
}

/**
 * TLS when the deployment gives a key pair, mutual TLS when it also gives the CA of its callers'
 * certificates (then a caller without one is refused before any handler or token check runs).
 */
function grpcServerCredentials(tls: GrpcTlsConfig | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    tls.clientCaFile ? readFileSync(tls.clientCaFile) : null,
    [{ cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) }],
    tls.clientCaFile !== undefined,
  );
}
