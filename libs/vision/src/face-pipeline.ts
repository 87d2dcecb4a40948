import type { FaceAligner } from './face-aligner';
import type { DetectedFace, FaceDetector } from './face-detector';
import type { FaceEmbedder } from './face-embedder';
import type { FaceLandmarks, Landmarker } from './face-landmarks';
import { assessQuality, type FaceQuality, type QualityThresholds } from './face-quality';
import type { RgbImage } from './rgb-image';

export interface AnalysedFace {
  readonly detection: DetectedFace;
  readonly landmarks: FaceLandmarks;
  readonly quality: FaceQuality;
  readonly chip: RgbImage;
  /** L2-normalised; absent for rejected faces unless `embedRejected` is set. */
  readonly template?: Float32Array;
}

export interface FacePipelineOptions {
  readonly qualityThresholds?: QualityThresholds;
  /** Evaluation wants templates for every face; a service skips rejected ones to save time. */
  readonly embedRejected?: boolean;
}

/** detect -> landmarks -> align -> quality -> embed, on components injected by the caller. */
export class FacePipeline {
  constructor(
    private readonly detector: FaceDetector,
    private readonly landmarker: Landmarker,
    private readonly aligner: FaceAligner,
    private readonly embedder: FaceEmbedder,
    private readonly options: FacePipelineOptions = {},
  ) {}

  async analyse(image: RgbImage): Promise<AnalysedFace[]> {
    const faces: AnalysedFace[] = [];
    for (const detection of await this.detector.detect(image)) {
      faces.push(await this.analyseFace(image, detection));
    }
    return faces;
  }

  async analyseFace(image: RgbImage, detection: DetectedFace): Promise<AnalysedFace> {
    const landmarks = await this.landmarker.locate(image, detection);
    const { chip } = this.aligner.align(image, landmarks);
    const quality = assessQuality(detection, landmarks, chip, this.options.qualityThresholds);
    if (quality.rejections.length > 0 && !this.options.embedRejected)
      return { detection, landmarks, quality, chip };
    const [template] = await this.embedder.embed([chip]);
    return { detection, landmarks, quality, chip, template };
  }

  async release(): Promise<void> {
    await Promise.all([
      this.detector.release(),
      this.landmarker.release(),
      this.embedder.release(),
    ]);
  }
}
