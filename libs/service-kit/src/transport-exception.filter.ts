import { type ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { RpcException } from '@nestjs/microservices';
import { toDomainError } from '@sightline/contracts';
import { KafkaEventContext } from '@sightline/messaging';
import { of, throwError, type Observable } from 'rxjs';
import { grpcStatusFor } from './grpc-status';

/**
 * One filter per process, three transports:
 * - Kafka: errors pass through untouched, because the consumer needs the domain code to choose
 *   between retrying and dead-lettering (Nest's default filter would erase it);
 * - gRPC: the code becomes a gRPC status with the domain message; a client-streaming handler
 *   (@GrpcStreamCall, args (call, callback)) is answered through its callback, because Nest would
 *   turn a rethrown error there into an unhandled rejection instead of a status (e.g. a refusal
 *   by the access guard before the handler ran);
 * - HTTP: Nest's default handling.
 */
@Catch()
export class TransportExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<unknown> | void {
    if (host.getType() !== 'rpc') {
      super.catch(exception, host);
      return;
    }
    if (host.switchToRpc().getContext() instanceof KafkaEventContext)
      return throwError(() => exception);
    if (exception instanceof RpcException) return throwError(() => exception.getError());
    const error = toDomainError(exception);
    const answer = host.getArgByIndex<unknown>(1);
    if (typeof answer === 'function') {
      (answer as (status: { code: number; details: string }) => void)({
        code: grpcStatusFor(error.code),
        details: `${error.code}: ${error.message}`,
      });
      return of(undefined);
    }
    return throwError(() => ({
      code: grpcStatusFor(error.code),
      message: `${error.code}: ${error.message}`,
    }));
  }
}
