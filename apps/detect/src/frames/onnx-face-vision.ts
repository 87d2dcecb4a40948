import type { OnApplicationShutdown } from '@nestjs/common';
import type { DetectionConfig } from '@sightline/config';
import {
  assessQuality,
  BlazeFaceLandmarker,
  FaceAligner,
  FileModelStore,
  ImageDecoder,
  OrtSessionFactory,
  UltraFaceDetector,
  type DetectedFace,
  type FaceLandmarks,
  type FaceQuality,
  type RgbImage,
} from '@sightline/vision';
import sharp from 'sharp';
import { FaceVision } from './face-vision';

/**
 * Intra-op threads per ORT session. The machine has 2 cores shared by six services and detect
 * runs its two models one after the other, so one thread each avoids oversubscription; throughput
 * comes from more replicas (partitions), not from threads fighting over the same cores.
 */
export const ORT_THREADS = 1;

/** High enough that JPEG artefacts do not move the embedder's template, small enough for Kafka. */
const CHIP_JPEG_QUALITY = 90;

/** UltraFace + BlazeFace + the calibrated chip template + assessQuality, as libs/vision wires them. */
export class OnnxFaceVision extends FaceVision implements OnApplicationShutdown {
  private readonly decoder = new ImageDecoder();
  private readonly aligner = new FaceAligner();

  private constructor(
    private readonly detector: UltraFaceDetector,
    private readonly landmarker: BlazeFaceLandmarker,
  ) {
    super();
  }

  /** Loads and checksums the models, then opens one session per model. */
  static async create(modelDir: string, detection: DetectionConfig): Promise<OnnxFaceVision> {
    const store = new FileModelStore({ modelDir });
    const sessions = new OrtSessionFactory();
    const [detector, landmarker] = await Promise.all([
      UltraFaceDetector.create(store, sessions, {
        threads: ORT_THREADS,
        minFaceSize: detection.minFacePx,
        maxInputSide: detection.maxInputSide,
      }),
      BlazeFaceLandmarker.create(store, sessions, { threads: ORT_THREADS }),
    ]);
    return new OnnxFaceVision(detector, landmarker);
  }

  decode(bytes: Uint8Array): Promise<RgbImage> {
    return this.decoder.decode(bytes);
  }

  detect(image: RgbImage): Promise<DetectedFace[]> {
    return this.detector.detect(image);
  }

  landmarks(image: RgbImage, face: DetectedFace): Promise<FaceLandmarks> {
    return this.landmarker.locate(image, face);
  }

  align(image: RgbImage, landmarks: FaceLandmarks): RgbImage {
    return this.aligner.align(image, landmarks).chip;
  }

  quality(face: DetectedFace, landmarks: FaceLandmarks, chip: RgbImage): FaceQuality {
    return assessQuality(face, landmarks, chip);
  }

  async encodeChip(chip: RgbImage): Promise<string> {
    const jpeg = await sharp(chip.data, {
      raw: { width: chip.width, height: chip.height, channels: 3 },
    })
      .jpeg({ quality: CHIP_JPEG_QUALITY })
      .toBuffer();
    return jpeg.toString('base64');
  }

  /**
   * After the consumer has drained (Nest disposes transports before this hook), so no frame in
   * flight still runs on a released session.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.detector.release(), this.landmarker.release()]);
  }
}
