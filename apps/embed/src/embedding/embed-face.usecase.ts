import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, faceEmbedded, newEnvelope, TOPICS } from '@sightline/contracts';
import { EventPublisher } from '@sightline/messaging';
import { ChipDecoder } from './chip-decoder';
import { EmbedMetrics } from './embed-metrics';
import type { FaceDetectedEvent } from './face-events';
import { TemplateEmbedder, type ChipEmbedder } from './template-embedder';

/**
 * Computes the template of one detected face and passes it on with the chip (match keeps the chip
 * only when the face hits a watchlist). Landmarks, box and frame ids stay behind: match needs none
 * of them.
 */
@Injectable()
export class EmbedFaceUseCase {
  constructor(
    @Inject(ChipDecoder) private readonly chips: ChipDecoder,
    @Inject(TemplateEmbedder) private readonly embedder: ChipEmbedder,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(EmbedMetrics) private readonly metrics: EmbedMetrics,
  ) {}

  async execute(event: FaceDetectedEvent): Promise<void> {
    const face = event.payload;
    const stopTimer = this.metrics.seconds.startTimer();
    let template: Float32Array;
    try {
      const chip = await this.chips.decode(face.alignedChip, face.faceId);
      if (chip.width !== this.embedder.chipSize || chip.height !== this.embedder.chipSize) {
        throw new DomainError(
          ErrorCode.InvalidArgument,
          `chip of face ${face.faceId} is ${chip.width}x${chip.height}, ` +
            `${this.embedder.name} reads ${this.embedder.chipSize}x${this.embedder.chipSize}`,
          { faceId: face.faceId },
        );
      }
      template = await this.embedder.embed(chip);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidArgument) {
        this.metrics.count('undecodable');
      }
      throw error;
    }
    stopTimer();
    await this.publisher.publish(TOPICS.facesEmbedded, [
      newEnvelope(
        faceEmbedded,
        {
          cameraId: face.cameraId,
          zone: face.zone,
          trackId: face.trackId,
          faceId: face.faceId,
          capturedAt: face.capturedAt,
          quality: face.quality,
          template: Array.from(template),
          embedder: this.embedder.name,
          alignedChip: face.alignedChip,
        },
        {
          source: 'embed',
          cameraId: event.cameraId ?? face.cameraId,
          correlationId: event.correlationId,
          occurredAt: new Date(face.capturedAt),
        },
      ),
    ]);
    this.metrics.count('embedded');
  }
}
