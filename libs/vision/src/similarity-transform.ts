import type { Point } from './rgb-image';
import { VisionError, VisionErrorCode } from './vision-error';

/** x' = a*x - b*y + tx ; y' = b*x + a*y + ty (rotation, uniform scale, translation). */
export interface SimilarityTransform {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

/**
 * Least-squares similarity mapping `from` onto `to` (Umeyama's closed form without reflection),
 * what dlib's find_similarity_transform computes for get_face_chip_details.
 */
export function estimateSimilarity(
  from: readonly Point[],
  to: readonly Point[],
  /** Per-pair weights (default 1): less for points a landmark model places less reliably. */
  weights?: readonly number[],
): SimilarityTransform {
  if (from.length !== to.length || from.length < 2) {
    throw new VisionError(
      VisionErrorCode.INVALID_LANDMARKS,
      `need >= 2 point pairs, got ${from.length}/${to.length}`,
    );
  }
  const n = from.length;
  const w = (i: number): number => weights?.[i] ?? 1;
  let total = 0,
    fx = 0,
    fy = 0,
    tx = 0,
    ty = 0;
  for (let i = 0; i < n; i++) {
    total += w(i);
    fx += w(i) * from[i].x;
    fy += w(i) * from[i].y;
    tx += w(i) * to[i].x;
    ty += w(i) * to[i].y;
  }
  fx /= total;
  fy /= total;
  tx /= total;
  ty /= total;
  let dot = 0,
    cross = 0,
    norm = 0;
  for (let i = 0; i < n; i++) {
    const ax = from[i].x - fx,
      ay = from[i].y - fy;
    const bx = to[i].x - tx,
      by = to[i].y - ty;
    dot += w(i) * (ax * bx + ay * by);
    cross += w(i) * (ax * by - ay * bx);
    norm += w(i) * (ax * ax + ay * ay);
  }
  if (!(norm > 1e-9) || !Number.isFinite(dot + cross)) {
    throw new VisionError(
      VisionErrorCode.INVALID_LANDMARKS,
      'landmarks are degenerate (all at one point or not finite)',
    );
  }
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

export function applySimilarity(t: SimilarityTransform, p: Point): Point {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

export function invertSimilarity(t: SimilarityTransform): SimilarityTransform {
  const d = t.a * t.a + t.b * t.b;
  const a = t.a / d;
  const b = -t.b / d;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

export function similarityScale(t: SimilarityTransform): number {
  return Math.hypot(t.a, t.b);
}
