import type { ServiceError } from '@grpc/grpc-js';

type UnaryMethod<Request, Response> = (
  request: Request,
  callback: (error: ServiceError | null, response: Response) => void,
) => unknown;

/** A generated client's unary method as a promise: `await unary(client, client.getCamera)({ id })`. */
export function unary<Request, Response>(
  client: object,
  method: UnaryMethod<Request, Response>,
): (request: Request) => Promise<Response> {
  return (request) =>
    new Promise((resolve, reject) => {
      method.call(client, request, (error, response) =>
        error ? reject(error) : resolve(response),
      );
    });
}
