import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@sightline/contracts';
import type { Action } from '@sightline/governance';
import type { Logger } from '@sightline/observability';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { AuditTrail } from './audit-trail';
import { principalOfCarrierOrUndefined } from './principal-of';
import { REQUIRES_ACCESS, type AccessRequirement } from './requires-access.decorator';
import { LOGGER } from './tokens';

/** Actions whose use cases audit their own refusals, with more to say than a policy name. */
const AUDITED_BY_USE_CASE: ReadonlySet<Action> = new Set<Action>(['alerts.review']);

/**
 * The guard audits who was let in; this audits what the law then refused them inside the handler
 * (inferring attributes, scraped enrolment, a subject without a legal basis): a POLICY_REFUSED
 * error leaves a `refused` record naming the policy, then reaches the caller unchanged.
 */
@Injectable()
export class PolicyRefusalAuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuditTrail) private readonly audit: AuditTrail,
    @Inject(LOGGER) private readonly logger: Pick<Logger, 'error'>,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          from(this.auditIfRefused(context, error)).pipe(mergeMap(() => throwError(() => error))),
        ),
      );
  }

  private async auditIfRefused(context: ExecutionContext, error: unknown): Promise<void> {
    if (!(error instanceof DomainError) || error.code !== ErrorCode.PolicyRefused) return;
    const requirement = this.reflector.get<AccessRequirement | undefined>(
      REQUIRES_ACCESS,
      context.getHandler(),
    );
    if (!requirement || AUDITED_BY_USE_CASE.has(requirement.action)) return;
    const carrier =
      context.getType() === 'http'
        ? (context.switchToHttp().getRequest() as object)
        : (context.switchToRpc().getContext() as object);
    const principal = principalOfCarrierOrUndefined(carrier);
    if (!principal) return;
    try {
      await this.audit.record({
        actor: principal.subject,
        role: principal.role,
        purpose: principal.purpose ?? 'not stated in the token',
        action: requirement.action,
        target: String(error.details['policy'] ?? 'policy'),
        outcome: 'refused',
      });
    } catch (auditError) {
      // The caller still gets the refusal; the missing record is an operator's problem to see.
      this.logger.error({ err: auditError }, 'could not audit a policy refusal');
    }
  }
}
