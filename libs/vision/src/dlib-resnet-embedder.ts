import { l2Normalise, type FaceEmbedder } from './face-embedder';
import { flipHorizontal } from './flip';
import { toPlanarFloat } from './image-resize';
import type { InferenceSession, InferenceSessionFactory } from './inference-session';
import { MODEL_MANIFEST } from './model-manifest';
import type { ModelStore } from './model-store';
import type { RgbImage } from './rgb-image';
import { VisionError, VisionErrorCode } from './vision-error';

const SPEC = MODEL_MANIFEST['dlib-resnet-v1'].input;
const SIZE = 150;
const DIM = 128;

export interface DlibResnetOptions {
  readonly threads?: number;
  /**
   * Embed each chip and its mirror image in one batch and use the normalised sum: twice the
   * network time, a steadier template (LFW figures in docs/vision.md).
   */
  readonly mirrorAverage?: boolean;
}

/** The dlib face-recognition ResNet as rebuilt by tools/models; 150x150 RGB chips in, 128-d out. */
export class DlibResnetEmbedder implements FaceEmbedder {
  readonly chipSize = SIZE;

  private constructor(
    private readonly session: InferenceSession,
    private readonly mirrorAverage: boolean,
  ) {}

  static async create(
    store: ModelStore,
    sessions: InferenceSessionFactory,
    options: DlibResnetOptions = {},
  ): Promise<DlibResnetEmbedder> {
    const model = await store.load('dlib-resnet-v1');
    return new DlibResnetEmbedder(
      await sessions.create(model, { threads: options.threads }),
      options.mirrorAverage ?? false,
    );
  }

  /** Raw (unnormalised) descriptors, as face-api returns them; for equivalence checks. */
  async rawDescriptors(chips: readonly RgbImage[]): Promise<Float32Array[]> {
    if (chips.length === 0) return [];
    const plane = SIZE * SIZE * 3;
    const input = new Float32Array(chips.length * plane);
    chips.forEach((chip, i) => {
      if (chip.width !== SIZE || chip.height !== SIZE) {
        throw new VisionError(
          VisionErrorCode.INVALID_RAW_FRAME,
          `chip is ${chip.width}x${chip.height}, expected ${SIZE}x${SIZE}`,
        );
      }
      toPlanarFloat(chip, SPEC.mean, SPEC.scale, input.subarray(i * plane, (i + 1) * plane));
    });
    const out = await this.session.run({
      [SPEC.name]: { data: input, dims: [chips.length, 3, SIZE, SIZE] },
    });
    const descriptor = out['descriptor'];
    if (!descriptor || descriptor.data.length !== chips.length * DIM) {
      throw new VisionError(
        VisionErrorCode.MODEL_OUTPUT_MISMATCH,
        `embedder output has ${descriptor?.data.length ?? 0} values`,
      );
    }
    return chips.map((_, i) => descriptor.data.slice(i * DIM, (i + 1) * DIM));
  }

  async embed(chips: readonly RgbImage[]): Promise<Float32Array[]> {
    if (!this.mirrorAverage) return (await this.rawDescriptors(chips)).map(l2Normalise);
    const raw = await this.rawDescriptors([...chips, ...chips.map(flipHorizontal)]);
    return chips.map((_, i) => {
      const sum = raw[i];
      const mirrored = raw[i + chips.length];
      for (let k = 0; k < DIM; k++) sum[k] += mirrored[k];
      return l2Normalise(sum);
    });
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
