import { type ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns unknown errors into `{ status: 'error' }` and loses the domain
 * error code the Kafka consumer needs to choose between retrying and dead-lettering, so RPC
 * errors pass through untouched. HTTP errors keep Nest's default handling.
 */
@Catch()
export class TransportExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    super.catch(exception, host);
  }
}
