import type { DetectedFace } from './face-detector';
import type { RgbImage } from './rgb-image';

/** The face whose box centre is nearest the image centre: the labelled subject of a portrait crop. */
export function centralFace(
  image: RgbImage,
  faces: readonly DetectedFace[],
): DetectedFace | undefined {
  let best: DetectedFace | undefined;
  let bestDistance = Infinity;
  for (const f of faces) {
    const dx = f.box.x + f.box.width / 2 - image.width / 2;
    const dy = f.box.y + f.box.height / 2 - image.height / 2;
    const d = dx * dx + dy * dy;
    if (d < bestDistance) {
      bestDistance = d;
      best = f;
    }
  }
  return best;
}

/** Grows the canvas by `border` px of grey on every side; boxes found on it shift by -border. */
export function addBorder(image: RgbImage, border: number): RgbImage {
  const width = image.width + 2 * border;
  const height = image.height + 2 * border;
  const data = new Uint8Array(width * height * 3).fill(128);
  for (let y = 0; y < image.height; y++) {
    data.set(
      image.data.subarray(y * image.width * 3, (y + 1) * image.width * 3),
      ((y + border) * width + border) * 3,
    );
  }
  return { width, height, data };
}
