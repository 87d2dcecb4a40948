import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import {
  createFacePipeline,
  ImageDecoder,
  isVisionError,
  type FacePipeline,
  type RgbImage,
} from '@sightline/vision';
import { join } from 'node:path';

/** One face found in an enrolment photo: its template when usable, else why it is not. */
export interface PhotoFace {
  readonly template?: readonly number[];
  /** Quality rejections (e.g. BLURRY, EXTREME_POSE); empty for a usable face. */
  readonly rejections: readonly string[];
}

export type PhotoAnalysis =
  | { readonly decoded: true; readonly faces: readonly PhotoFace[] }
  | { readonly decoded: false; readonly reason: string };

/** The port enrolment sees; the real one runs the vision pipeline. */
export interface PhotoAnalyser {
  readonly embedder: string;
  analyse(image: Uint8Array): Promise<PhotoAnalysis>;
}

/**
 * detect -> landmarks -> align -> quality -> embed with @sightline/vision, the same models and
 * chip as the camera pipeline (detect + embed), so enrolment templates and probes are comparable.
 * Loaded on the first enrolment: most match replicas never enrol and should not carry three
 * models for it.
 */
@Injectable()
export class VisionPhotoAnalyser implements PhotoAnalyser, OnModuleDestroy {
  readonly embedder = 'dlib-resnet-v1';
  private readonly decoder = new ImageDecoder();
  private pipeline?: Promise<FacePipeline>;

  constructor(@Inject(SIGHTLINE_CONFIG) private readonly config: SightlineConfig) {}

  async analyse(image: Uint8Array): Promise<PhotoAnalysis> {
    let rgb: RgbImage;
    try {
      rgb = await this.decoder.decode(image);
    } catch (error) {
      if (isVisionError(error)) return { decoded: false, reason: error.message };
      throw error;
    }
    const faces = await (await this.loaded()).analyse(rgb);
    return {
      decoded: true,
      faces: faces.map((face) => ({
        rejections: face.quality.rejections,
        ...(face.template && face.quality.rejections.length === 0
          ? { template: Array.from(face.template) }
          : {}),
      })),
    };
  }

  async onModuleDestroy(): Promise<void> {
    const pipeline = this.pipeline;
    this.pipeline = undefined;
    if (pipeline) await (await pipeline).release();
  }

  private loaded(): Promise<FacePipeline> {
    this.pipeline ??= createFacePipeline({
      // MODEL_DIR, else the repository's .cache/models (services start from the repository root).
      modelDir: this.config.paths.modelDir ?? join(process.cwd(), '.cache', 'models'),
      threads: 1,
    });
    // A failed load (missing model) is retried by the next enrolment rather than cached.
    this.pipeline.catch(() => (this.pipeline = undefined));
    return this.pipeline;
  }
}
