import { InterceptingCall, type Interceptor, Metadata, type ServiceError } from '@grpc/grpc-js';

type Callback<Res> = (error: ServiceError | null, response: Res) => void;

/** Sends `authorization: Bearer <token>` on every call of a client (pass it in `interceptors`). */
export function bearerInterceptor(token: string): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}

/** Promise form of a unary call, with a deadline so a dead server fails instead of hanging. */
export function unaryCall<Req, Res>(
  invoke: (
    request: Req,
    metadata: Metadata,
    options: { deadline: number },
    done: Callback<Res>,
  ) => unknown,
  request: Req,
  deadlineMs: number,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    invoke(request, new Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}

/** A failed call's error, whose `details` carry the server's reason for a person to read. */
export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}
