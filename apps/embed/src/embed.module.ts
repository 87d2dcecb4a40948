import { Module } from '@nestjs/common';
import { ChipDecoder } from './embedding/chip-decoder';
import { EmbedFaceUseCase } from './embedding/embed-face.usecase';
import { EmbedMetrics } from './embedding/embed-metrics';
import { FacesDetectedHandler } from './embedding/faces-detected.handler';
import { ForwardTrackClosedUseCase } from './embedding/forward-track-closed.usecase';
import { TemplateEmbedder } from './embedding/template-embedder';

/** The embed stage: faces.detected.v1 -> dlib ResNet templates -> faces.embedded.v1. */
@Module({
  controllers: [FacesDetectedHandler],
  providers: [
    ChipDecoder,
    TemplateEmbedder,
    EmbedMetrics,
    EmbedFaceUseCase,
    ForwardTrackClosedUseCase,
  ],
})
export class EmbedModule {}
