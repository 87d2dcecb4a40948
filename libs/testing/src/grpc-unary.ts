import { type CallOptions, Metadata, type ServiceError } from '@grpc/grpc-js';

/**
 * The widest overload of a generated client's unary method. TypeScript infers from the last
 * overload, which is this one, so `unary(client, client.listSubjects)` needs no type arguments.
 */
type UnaryMethod<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Response) => void,
) => unknown;

/**
 * A generated client's unary method as a promise: `await unary(client, client.getCamera)({ id })`,
 * with call metadata (e.g. `bearerMetadata(token)`) when given.
 */
export function unary<Request, Response>(
  client: object,
  method: UnaryMethod<Request, Response>,
  metadata: Metadata = new Metadata(),
): (request: Request) => Promise<Response> {
  return (request) =>
    new Promise((resolve, reject) => {
      method.call(client, request, metadata, {}, (error, response) =>
        error ? reject(error) : resolve(response),
      );
    });
}
