import { BlazeFaceLandmarker } from './blazeface-landmarker';
import { DlibResnetEmbedder } from './dlib-resnet-embedder';
import { FaceAligner } from './face-aligner';
import type { Landmarker } from './face-landmarks';
import {
  ConfirmedLandmark68Landmarker,
  FaceLandmark68Landmarker,
} from './face-landmark68-landmarker';
import { FacePipeline, type FacePipelineOptions } from './face-pipeline';
import { OrtSessionFactory, type InferenceSessionFactory } from './inference-session';
import { FileModelStore, type ModelStore } from './model-store';
import { VisionError, VisionErrorCode } from './vision-error';
import { UltraFaceDetector, type UltraFaceOptions } from './ultraface-detector';

export interface CreateFacePipelineOptions extends FacePipelineOptions {
  /** Folder filled by tools/models/fetch-models.mjs; ignored when `store` is given. */
  readonly modelDir?: string;
  readonly store?: ModelStore;
  readonly sessions?: InferenceSessionFactory;
  readonly threads?: number;
  readonly detector?: UltraFaceOptions;
  /**
   * `blazeface` (default): BlazeFace's four points onto the calibrated template. `blazeface+68`:
   * BlazeFace confirms and frames the face, face-api's 68-point net places the points and the chip
   * is cut exactly as dlib does. On LFW they tie within noise (98.55% vs 98.38%, docs/vision.md);
   * the default runs one model fewer.
   */
  readonly landmarks?: LandmarkerKind;
}

export type LandmarkerKind = 'blazeface+68' | 'blazeface';

export async function createLandmarker(
  store: ModelStore,
  sessions: InferenceSessionFactory,
  kind: LandmarkerKind,
  threads?: number,
): Promise<Landmarker> {
  const blazeface = await BlazeFaceLandmarker.create(store, sessions, { threads });
  switch (kind) {
    case 'blazeface':
      return blazeface;
    case 'blazeface+68':
      return new ConfirmedLandmark68Landmarker(
        blazeface,
        await FaceLandmark68Landmarker.create(store, sessions, { threads }),
      );
  }
}

/** The default wiring: UltraFace + BlazeFace + dlib chip + dlib ResNet, models verified on load. */
export async function createFacePipeline(
  options: CreateFacePipelineOptions,
): Promise<FacePipeline> {
  const store =
    options.store ??
    (options.modelDir ? new FileModelStore({ modelDir: options.modelDir }) : undefined);
  if (!store)
    throw new VisionError(
      VisionErrorCode.MODEL_MISSING,
      'createFacePipeline needs `modelDir` or `store`',
    );
  const sessions = options.sessions ?? new OrtSessionFactory();
  const threads = options.threads;
  const [detector, landmarker, embedder] = await Promise.all([
    UltraFaceDetector.create(store, sessions, { threads, ...options.detector }),
    createLandmarker(store, sessions, options.landmarks ?? 'blazeface', threads),
    DlibResnetEmbedder.create(store, sessions, { threads }),
  ]);
  return new FacePipeline(detector, landmarker, new FaceAligner(), embedder, options);
}
