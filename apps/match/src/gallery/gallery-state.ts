import { Injectable } from '@nestjs/common';
import { GalleryProjection } from '@sightline/matching';

/** Length of a dlib ResNet template, the embedder every watchlist is enrolled with today. */
export const TEMPLATE_DIMENSION = 128;

/**
 * The replica's in-memory gallery. One per process, built only by replaying galleries.v1 from the
 * beginning at start-up (see bootstrapService `replays`) and then following it live.
 */
@Injectable()
export class GalleryState {
  readonly projection = new GalleryProjection({ dimension: TEMPLATE_DIMENSION });
}
