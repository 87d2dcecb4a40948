export {
  bootstrapService,
  runService,
  type RunningService,
  type GrpcServiceProto,
  type ServiceDefinition,
} from './bootstrap-service';
export { Clock } from './clock';
export { ReadinessService, type CheckResult, type ReadinessCheck } from './readiness.service';
export { ServiceKitModule } from './service-kit.module';
export type { ServiceRuntime } from './service-runtime';
export { KAFKA, LOGGER, SUBSCRIPTIONS } from './tokens';
export { grpcStatusFor } from './grpc-status';
