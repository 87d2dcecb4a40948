import { DomainError, ErrorCode } from '@sightline/contracts';

/** Same tolerance as the contract's templateSchema, so a template the envelope accepted is never refused here. */
export const UNIT_NORM_TOLERANCE = 1e-3;

export interface TemplateOrigin {
  readonly watchlistId: string;
  readonly templateId: string;
}

/**
 * Checks a template again even though the envelope codec validated it: the projection is also fed
 * from snapshots and tests, and the gallery's dimension is a property of this replica, not of the
 * contract. Details name the template, never its values (they are biometric).
 */
export function toTemplateVector(
  values: ArrayLike<number>,
  dimension: number,
  origin: TemplateOrigin,
): Float32Array {
  const invalid = (reason: string): DomainError =>
    new DomainError(ErrorCode.InvalidPayload, `Template ${origin.templateId} rejected: ${reason}`, {
      watchlistId: origin.watchlistId,
      templateId: origin.templateId,
      reason,
    });
  if (values.length !== dimension) {
    throw invalid(`expected ${dimension} values, got ${values.length}`);
  }
  const vector = new Float32Array(dimension);
  let squaredNorm = 0;
  for (let i = 0; i < dimension; i += 1) {
    const value = values[i];
    if (!Number.isFinite(value)) throw invalid(`value at index ${i} is not a finite number`);
    vector[i] = value;
    squaredNorm += value * value;
  }
  const norm = Math.sqrt(squaredNorm);
  if (Math.abs(norm - 1) >= UNIT_NORM_TOLERANCE) {
    throw invalid(`not L2-normalised (norm ${norm.toFixed(4)})`);
  }
  return vector;
}
