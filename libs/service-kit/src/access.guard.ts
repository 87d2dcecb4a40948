import { Metadata } from '@grpc/grpc-js';
import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@sightline/contracts';
import { accessDecision, type AccessResource, type Action } from '@sightline/governance';
import { KafkaEventContext } from '@sightline/messaging';
import type { Logger } from '@sightline/observability';
import { AuditTrail } from './audit-trail';
import { LOGGER } from './tokens';
import { bindPrincipal } from './principal-of';
import {
  PUBLIC_ENDPOINT,
  REQUIRES_ACCESS,
  type AccessRequirement,
} from './requires-access.decorator';
import { TokenVerifier, type AuthenticatedPrincipal } from './token-verifier';

/**
 * Allowed calls that are audited too, not only refusals: searches and reads of people's data and
 * changes to who is sought. Frame pushes are not (one record per frame would drown the log), and reviews are
 * audited by the review use cases with their decision.
 */
const AUDITED_WHEN_ALLOWED: ReadonlySet<Action> = new Set<Action>([
  'sightings.query',
  'alerts.list',
  'alerts.stream',
  'audit.read',
  'gallery.read',
  'gallery.enrol',
  'gallery.remove',
  'watchlists.manage',
  'cameras.manage',
]);

/** The read model a search action looks into, for the audit's "which database was searched". */
const DATABASE_SEARCHED: Partial<Record<Action, string>> = {
  'sightings.query': 'sightings',
  'alerts.list': 'alerts',
  'alerts.stream': 'alerts (live)',
  'audit.read': 'audit',
  'gallery.read': 'gallery',
};

const ANONYMOUS = 'anonymous';
const PURPOSE_NOT_STATED = 'not stated in the token';

/** The parts of an incoming gRPC or HTTP call the guard needs, whatever the transport. */
interface IncomingCall {
  readonly transport: 'grpc' | 'http';
  /** The object the verified principal is bound to: the gRPC Metadata or the HTTP request. */
  readonly carrier: object;
  readonly authorization: string | undefined;
  /** The request message; undefined for a client stream, whose messages arrive later. */
  readonly payload: unknown;
  /** e.g. `CameraService/GetCamera` or `GET /cameras/:id`, the audit's target. */
  readonly endpoint: string;
}

/**
 * The one gate of every gRPC and HTTP handler (registered globally by ServiceKitModule): verifies
 * the bearer token, applies the handler's @RequiresAccess through the governance access table and
 * audits every refusal. Deny by default: a handler that declares no access rule is refused.
 * Kafka event handlers pass untouched: the broker, not a caller's token, authenticates them.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic(context)) return true;
    const call = incomingCallOf(context);
    if (call === 'event') return true;

    const requirement = this.reflector.get<AccessRequirement | undefined>(
      REQUIRES_ACCESS,
      context.getHandler(),
    );
    // Known before the token is checked, so even an anonymous refusal names what was asked for.
    const resource = requirement ? resourceOf(requirement, call.payload) : {};

    let principal: AuthenticatedPrincipal;
    try {
      principal = await this.verifier.verify(bearerTokenOf(call.authorization));
    } catch (error) {
      const reason =
        error instanceof DomainError ? error.message : 'the bearer token could not be checked';
      return this.refuse(
        call,
        undefined,
        ErrorCode.Unauthenticated,
        reason,
        requirement?.action ?? 'undeclared',
        resource,
      );
    }

    if (!requirement) {
      return this.refuse(
        call,
        principal,
        ErrorCode.PermissionDenied,
        `${call.endpoint} declares no access rule, so it is closed`,
        'undeclared',
      );
    }
    const decision = accessDecision(principal, requirement.action, resource);
    if (decision.kind === 'deny') {
      return this.refuse(
        call,
        principal,
        decision.code,
        decision.reason,
        requirement.action,
        resource,
      );
    }
    if (AUDITED_WHEN_ALLOWED.has(requirement.action)) {
      // Awaited: a search the log cannot record is not answered (AuditTrail's contract).
      await this.audit.record({
        actor: principal.subject,
        role: principal.role,
        purpose: principal.purpose ?? PURPOSE_NOT_STATED,
        action: requirement.action,
        target: targetOf(call, resource),
        ...databaseSearchedBy(requirement.action),
        outcome: 'allowed',
      });
    }
    bindPrincipal(call.carrier, principal);
    return true;
  }

  private isPublic(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ENDPOINT, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    );
  }

  /** Records the refusal, then throws it in the caller's transport. Never returns. */
  private async refuse(
    call: IncomingCall,
    principal: AuthenticatedPrincipal | undefined,
    code: ErrorCode,
    reason: string,
    action: string,
    resource: AccessResource = {},
  ): Promise<never> {
    try {
      await this.audit.record({
        actor: principal?.subject ?? ANONYMOUS,
        role: principal?.role ?? ANONYMOUS,
        purpose: principal?.purpose ?? PURPOSE_NOT_STATED,
        action,
        target: `${targetOf(call, resource)} (${reason})`,
        outcome: 'refused',
      });
    } catch (error) {
      // The caller is refused either way; the broker outage is what an operator must see.
      this.logger.error({ err: error, endpoint: call.endpoint, reason }, 'refusal not audited');
    }
    this.logger.warn(
      { endpoint: call.endpoint, actor: principal?.subject ?? ANONYMOUS, code, reason },
      'request refused',
    );
    if (call.transport === 'http') {
      throw new HttpException(
        { code, message: reason },
        code === ErrorCode.Unauthenticated ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN,
      );
    }
    throw new DomainError(code, reason, { endpoint: call.endpoint });
  }
}

/**
 * The call behind a handler invocation. Nest passes a gRPC handler (request, metadata, call), but
 * a @GrpcStreamCall handler (call, callback), whose metadata sits on the call.
 */
function incomingCallOf(context: ExecutionContext): IncomingCall | 'event' {
  if (context.getType() === 'http') {
    const request = context.switchToHttp().getRequest<{
      headers: Record<string, string | string[] | undefined>;
      method: string;
      route?: { path?: string };
      originalUrl?: string;
    }>();
    const header = request.headers['authorization'];
    return {
      transport: 'http',
      carrier: request,
      authorization: Array.isArray(header) ? header[0] : header,
      payload: request,
      endpoint: `${request.method} ${request.route?.path ?? request.originalUrl ?? ''}`,
    };
  }
  const rpc = context.switchToRpc();
  if (rpc.getContext() instanceof KafkaEventContext) return 'event';
  const [first, second] = context.getArgs<unknown[]>();
  const endpoint = grpcEndpointOf(context);
  if (second instanceof Metadata) {
    return {
      transport: 'grpc',
      carrier: second,
      authorization: firstString(second.get('authorization')),
      payload: first,
      endpoint,
    };
  }
  const streamMetadata = (first as { metadata?: unknown } | undefined)?.metadata;
  if (streamMetadata instanceof Metadata) {
    return {
      transport: 'grpc',
      carrier: streamMetadata,
      authorization: firstString(streamMetadata.get('authorization')),
      payload: undefined,
      endpoint,
    };
  }
  // Another RPC transport would need its own way to read credentials: closed until then.
  throw new DomainError(ErrorCode.PermissionDenied, `${endpoint} is served on no known transport`);
}

function grpcEndpointOf(context: ExecutionContext): string {
  const patterns: unknown = Reflect.getMetadata('microservices:pattern', context.getHandler());
  const pattern = Array.isArray(patterns) ? (patterns[0] as unknown) : undefined;
  if (pattern && typeof pattern === 'object' && 'service' in pattern && 'rpc' in pattern) {
    return `${String(pattern.service)}/${String(pattern.rpc)}`;
  }
  return `${context.getClass().name}.${context.getHandler().name}`;
}

function firstString(values: readonly unknown[]): string | undefined {
  const value = values[0];
  return typeof value === 'string' ? value : undefined;
}

function bearerTokenOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

function resourceOf(requirement: AccessRequirement, payload: unknown): AccessResource {
  if (!requirement.resourceOf) return {};
  const resource = requirement.resourceOf(payload);
  // An empty camera id ("" is proto3's unset) names no camera, so it cannot widen a partner's scope.
  return resource.cameraId === '' ? { ...resource, cameraId: undefined } : resource;
}

function targetOf(call: IncomingCall, resource: AccessResource): string {
  return resource.cameraId ? `${call.endpoint} camera ${resource.cameraId}` : call.endpoint;
}

function databaseSearchedBy(action: Action): { databaseSearched?: string } {
  const database = DATABASE_SEARCHED[action];
  return database ? { databaseSearched: database } : {};
}
