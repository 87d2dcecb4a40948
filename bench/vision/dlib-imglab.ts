import { readFileSync } from 'node:fs';
import type { Box } from '@sightline/vision';

export interface LabelledImage {
  readonly file: string;
  readonly boxes: Box[];
  /** Boxes marked ignore='1': a detection on one is neither a hit nor a false positive. */
  readonly ignored: Box[];
}

/** dlib imglab XML: <image file=...><box top left width height [ignore='1']/>... */
export function readImglab(path: string): LabelledImage[] {
  const xml = readFileSync(path, 'latin1');
  const images: LabelledImage[] = [];
  for (const m of xml.matchAll(/<image\s+file='([^']+)'[^>]*>([\s\S]*?)<\/image>/g)) {
    const boxes: Box[] = [];
    const ignored: Box[] = [];
    for (const b of m[2].matchAll(/<box\s+([^>]*?)\/?>/g)) {
      const attr = (name: string): number =>
        Number(new RegExp(`${name}='(-?\\d+)'`).exec(b[1])?.[1] ?? NaN);
      const box = { x: attr('left'), y: attr('top'), width: attr('width'), height: attr('height') };
      (/ignore='1'/.test(b[1]) ? ignored : boxes).push(box);
    }
    images.push({ file: m[1], boxes, ignored });
  }
  return images;
}
