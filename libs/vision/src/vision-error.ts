export enum VisionErrorCode {
  EMPTY_INPUT = 'EMPTY_INPUT',
  CORRUPT_IMAGE = 'CORRUPT_IMAGE',
  UNSUPPORTED_FORMAT = 'UNSUPPORTED_FORMAT',
  IMAGE_TOO_SMALL = 'IMAGE_TOO_SMALL',
  IMAGE_TOO_LARGE = 'IMAGE_TOO_LARGE',
  INVALID_RAW_FRAME = 'INVALID_RAW_FRAME',
  MODEL_UNKNOWN = 'MODEL_UNKNOWN',
  MODEL_MISSING = 'MODEL_MISSING',
  MODEL_CHECKSUM_MISMATCH = 'MODEL_CHECKSUM_MISMATCH',
  MODEL_OUTPUT_MISMATCH = 'MODEL_OUTPUT_MISMATCH',
  INVALID_LANDMARKS = 'INVALID_LANDMARKS',
}

/** Every failure the vision library reports on purpose; callers switch on `code`, never on text. */
export class VisionError extends Error {
  constructor(
    readonly code: VisionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'VisionError';
  }
}

export function isVisionError(error: unknown, code?: VisionErrorCode): error is VisionError {
  return error instanceof VisionError && (code === undefined || error.code === code);
}
