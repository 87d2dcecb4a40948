import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { SIGHTLINE_CONFIG } from '@sightline/config';
import { ContractRegistry } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { ServiceMetrics } from '@sightline/observability';
import { MongoConnection } from '@sightline/persistence';
import { AccessGuard } from './access.guard';
import { AuditTrail } from './audit-trail';
import { Clock } from './clock';
import { GrpcHealthController } from './grpc-health.controller';
import { HealthController } from './health.controller';
import { PolicyRefusalAuditInterceptor } from './policy-refusal-audit.interceptor';
import { ReadinessService } from './readiness.service';
import { RuntimeShutdown } from './runtime-shutdown';
import { TokenVerifier } from './token-verifier';
import type { ServiceRuntime } from './service-runtime';
import { KAFKA, LOGGER, SUBSCRIPTIONS } from './tokens';

/** Global providers every service gets: config, logger, metrics, Kafka, publisher, Mongo, clock, probes, audit. */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(runtime: ServiceRuntime): DynamicModule {
    const shared = [
      { provide: SIGHTLINE_CONFIG, useValue: runtime.config },
      { provide: LOGGER, useValue: runtime.logger },
      { provide: ServiceMetrics, useValue: runtime.metrics },
      { provide: KAFKA, useValue: runtime.kafka },
      { provide: ContractRegistry, useValue: runtime.registry },
      { provide: EventPublisher, useValue: runtime.publisher },
      { provide: SUBSCRIPTIONS, useValue: runtime.subscriptions },
      { provide: MongoConnection, useValue: runtime.mongo ?? null },
      Clock,
      ReadinessService,
      AuditTrail,
      TokenVerifier,
    ];
    return {
      module: ServiceKitModule,
      controllers: [HealthController, GrpcHealthController],
      // Every gRPC and HTTP handler passes the access guard; it lets Kafka event handlers through.
      // What the law refuses inside a handler is audited on the way out.
      providers: [
        ...shared,
        RuntimeShutdown,
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: PolicyRefusalAuditInterceptor },
      ],
      exports: shared.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
