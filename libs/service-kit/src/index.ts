export {
  bootstrapService,
  runService,
  type RunningService,
  type GrpcServiceProto,
  type ServiceDefinition,
} from './bootstrap-service';
export { AuditTrail, type AuditFact, type AuditOptions } from './audit-trail';
export { AccessGuard } from './access.guard';
export { principalOf, principalOfRequest } from './principal-of';
export {
  PublicEndpoint,
  RequiresAccess,
  type AccessRequirement,
} from './requires-access.decorator';
export { TokenVerifier, type AuthenticatedPrincipal } from './token-verifier';
export { Clock } from './clock';
export { ReadinessService, type CheckResult, type ReadinessCheck } from './readiness.service';
export { ServiceKitModule } from './service-kit.module';
export type { ServiceRuntime } from './service-runtime';
export { KAFKA, LOGGER, SUBSCRIPTIONS } from './tokens';
export { grpcStatusFor } from './grpc-status';
