import type { RgbImage } from './rgb-image';

/**
 * Variance of the 4-neighbour Laplacian of luma over the central half of the image: high for
 * in-focus detail, near zero for blur. On the 150 px chip the scale is the same for every face.
 */
export function laplacianVariance(image: RgbImage): number {
  const { width, height, data } = image;
  const luma = (x: number, y: number): number => {
    const i = (y * width + x) * 3;
    return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  };
  const x0 = Math.max(1, Math.floor(width / 4));
  const x1 = Math.min(width - 1, Math.ceil((3 * width) / 4));
  const y0 = Math.max(1, Math.floor(height / 4));
  const y1 = Math.min(height - 1, Math.ceil((3 * height) / 4));
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const l = luma(x - 1, y) + luma(x + 1, y) + luma(x, y - 1) + luma(x, y + 1) - 4 * luma(x, y);
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}
