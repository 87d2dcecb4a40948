import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SIGHTLINE_CONFIG, type SightlineConfig } from '@sightline/config';
import { DomainError, ErrorCode } from '@sightline/contracts';
import {
  DlibResnetEmbedder,
  FileModelStore,
  OrtSessionFactory,
  type RgbImage,
} from '@sightline/vision';
import { ReadinessService } from '@sightline/service-kit';
import { modelDirOf } from './model-dir';

/** The port the use case sees: one chip in, one L2-normalised template out. */
export interface ChipEmbedder {
  /** Recorded with every template, so a gallery never mixes templates of two embedders. */
  readonly name: string;
  /** Side of the square chip the embedder reads. */
  readonly chipSize: number;
  embed(chip: RgbImage): Promise<Float32Array>;
}

/**
 * The dlib ResNet behind ONNX Runtime, loaded (and checksum-verified) once at start-up; the
 * service is not ready until it is.
 */
@Injectable()
export class TemplateEmbedder implements ChipEmbedder, OnModuleInit, OnModuleDestroy {
  readonly name = 'dlib-resnet-v1';
  readonly chipSize = 150;
  private embedder?: DlibResnetEmbedder;

  constructor(
    @Inject(SIGHTLINE_CONFIG) private readonly config: SightlineConfig,
    @Inject(ReadinessService) private readonly readiness: ReadinessService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness.register('model', () => ({
      ok: this.embedder !== undefined,
      detail: this.embedder ? `${this.name} loaded` : `${this.name} not loaded`,
    }));
    this.embedder = await DlibResnetEmbedder.create(
      new FileModelStore({ modelDir: modelDirOf(this.config) }),
      new OrtSessionFactory(),
      { threads: 1 },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.embedder?.release();
    this.embedder = undefined;
  }

  async embed(chip: RgbImage): Promise<Float32Array> {
    if (!this.embedder) {
      throw new DomainError(ErrorCode.DependencyUnavailable, `${this.name} is not loaded`);
    }
    const [template] = await this.embedder.embed([chip]);
    return template;
  }
}
