import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@sightline/contracts';
import { ProcessFrameUseCase } from './process-frame.usecase';
import type { FrameCapturedEnvelope } from './track-events';

@Controller()
export class FramesHandler {
  constructor(@Inject(ProcessFrameUseCase) private readonly processFrame: ProcessFrameUseCase) {}

  @EventPattern(TOPICS.frames.name)
  async onFrameCaptured(@Payload() frame: FrameCapturedEnvelope): Promise<void> {
    await this.processFrame.execute(frame);
  }
}
