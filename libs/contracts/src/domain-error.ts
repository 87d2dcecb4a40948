import { ErrorCode } from './error-code';

/** A failure the domain understands. Transports translate `code`; `details` must never hold biometric data. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, string | number | boolean>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}

/** Anything thrown that is not a DomainError is an internal error: unknown, so retried before dead-lettering. */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DomainError(ErrorCode.Internal, message, {}, { cause: error });
}

/** Makes a switch exhaustive at compile time and loud at run time. */
export function assertUnreachable(value: never): never {
  throw new Error(`Unreachable case: ${JSON.stringify(value)}`);
}
