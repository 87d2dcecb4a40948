import { intersectionOverUnion, type Box } from './rgb-image';

export interface Scored {
  readonly box: Box;
  readonly score: number;
}

/** Greedy hard NMS, highest score first; `limit` caps the work on crowded frames. */
export function nonMaxSuppression<T extends Scored>(
  candidates: readonly T[],
  iouThreshold: number,
  limit = 200,
): T[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const candidate of sorted) {
    if (kept.length >= limit) break;
    if (kept.every((k) => intersectionOverUnion(k.box, candidate.box) <= iouThreshold))
      kept.push(candidate);
  }
  return kept;
}
