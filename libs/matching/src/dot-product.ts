/**
 * Dot product of a probe with one row of a row-major matrix. For unit vectors this is the cosine
 * similarity. Unrolled by four because V8 does not vectorise and the loop-carried dependency of a
 * single accumulator otherwise bounds throughput.
 */
export function dotRow(
  probe: Float32Array,
  matrix: Float32Array,
  rowOffset: number,
  dimension: number,
): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 3 < dimension; i += 4) {
    const o = rowOffset + i;
    a += probe[i] * matrix[o];
    b += probe[i + 1] * matrix[o + 1];
    c += probe[i + 2] * matrix[o + 2];
    d += probe[i + 3] * matrix[o + 3];
  }
  for (; i < dimension; i += 1) a += probe[i] * matrix[rowOffset + i];
  return a + b + c + d;
}
