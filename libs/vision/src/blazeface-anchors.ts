/**
 * Anchors of MediaPipe's short-range ("front") BlazeFace for its 128x128 input: a 16x16 grid with
 * 2 anchors per cell, then an 8x8 grid with 6 (fixed anchor size, so only centres matter).
 * The Barracuda export emits the two grids as separate outputs, in this order.
 */
export const BLAZEFACE_GRIDS = [
  { size: 16, anchorsPerCell: 2 },
  { size: 8, anchorsPerCell: 6 },
] as const;

/** Flat [cx, cy] * 896 in 0..1 of the input. */
export function blazefaceAnchors(): Float32Array {
  const values: number[] = [];
  for (const { size, anchorsPerCell } of BLAZEFACE_GRIDS) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let a = 0; a < anchorsPerCell; a++) values.push((x + 0.5) / size, (y + 0.5) / size);
      }
    }
  }
  return new Float32Array(values);
}
