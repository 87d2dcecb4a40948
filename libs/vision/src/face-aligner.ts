import {
  DLIB_CHIP_TEMPLATE,
  landmarkPoints,
  templatePoints,
  type ChipTemplate,
} from './chip-template';
import { DLIB_ALIGNMENT_POINTS, dlibChipPoint } from './dlib-mean-face';
import type { FaceLandmarks } from './face-landmarks';
import type { RgbImage } from './rgb-image';
import { estimateSimilarity, type SimilarityTransform } from './similarity-transform';
import { warpSimilarity } from './warp-similarity';

export interface AlignedFace {
  readonly chip: RgbImage;
  /** Source pixels -> chip pixels. */
  readonly transform: SimilarityTransform;
}

const DLIB_TARGETS = DLIB_ALIGNMENT_POINTS.map((i) => dlibChipPoint(i));

/**
 * Landmarks -> canonical chip via a least-squares similarity transform: with 68 points exactly
 * dlib's get_face_chip_details(shape, 150, 0.25); with the four BlazeFace points, onto the
 * calibrated template.
 */
export class FaceAligner {
  constructor(private readonly template: ChipTemplate = DLIB_CHIP_TEMPLATE) {}

  transformFor(landmarks: FaceLandmarks): SimilarityTransform {
    const p68 = landmarks.points68;
    if (p68 && p68.length === 68 && this.template.size === 150) {
      return estimateSimilarity(
        DLIB_ALIGNMENT_POINTS.map((i) => p68[i]),
        DLIB_TARGETS,
      );
    }
    return estimateSimilarity(landmarkPoints(landmarks), templatePoints(this.template));
  }

  align(image: RgbImage, landmarks: FaceLandmarks): AlignedFace {
    const transform = this.transformFor(landmarks);
    return {
      chip: warpSimilarity(image, transform, this.template.size, this.template.size),
      transform,
    };
  }
}
