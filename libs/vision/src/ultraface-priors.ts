/**
 * SSD priors of UltraFace version-RFB-320 for any input size, in the order the network emits its
 * anchors: per feature map, row-major, then per min size. Centres are (cell + 0.5) / cells, with
 * ceil(size / stride) cells, so a partial last cell is spread over the map as the original does. Matches the constants the original
 * export baked for 320x240 (checked in ultraface-priors.int-spec.ts against the original graph).
 */
export const ULTRAFACE_STRIDES = [8, 16, 32, 64] as const;
export const ULTRAFACE_MIN_SIZES: readonly (readonly number[])[] = [
  [10, 16, 24],
  [32, 48],
  [64, 96],
  [128, 192, 256],
];

/** Flat [cx, cy, w, h] * N, normalised to the input size and clipped to [0, 1] like the original. */
export function ultrafacePriors(width: number, height: number): Float32Array {
  const values: number[] = [];
  ULTRAFACE_STRIDES.forEach((stride, level) => {
    const mapW = Math.ceil(width / stride);
    const mapH = Math.ceil(height / stride);
    for (let j = 0; j < mapH; j++) {
      for (let i = 0; i < mapW; i++) {
        for (const minSize of ULTRAFACE_MIN_SIZES[level]) {
          values.push(
            clip01((i + 0.5) / mapW),
            clip01((j + 0.5) / mapH),
            clip01(minSize / width),
            clip01(minSize / height),
          );
        }
      }
    }
  });
  return new Float32Array(values);
}

function clip01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
